import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CostReportBuilder } from '../cost/cost-report-builder.js';
import { parsePricingPlan, resolvePriceTable } from '../cost/price-table.js';
import { renderCostCsv } from '../cost/render-csv.js';
import { renderCostMarkdown } from '../cost/render-markdown.js';
import { RollupBuilder } from '../cost/rollup-builder.js';
import { trailPricingResolver } from '../cost/trail-pricing.js';
import type { PricingPlan, RollupRow } from '../cost/types.js';
import { ConfigError } from '../model/errors.js';
import { openLocalFile } from '../local/open-local-file.js';
import { scanFiles } from '../pipelines/scan-files.js';
import { checkChoice } from './check-choice.js';
import { cliLog } from './cli-log.js';
import { findInputFiles } from './find-input-files.js';
import { type CliIo, parseCommand, usageError } from './parse-command.js';
import { describeFsError } from './user-error.js';

const HELP = `usage: trailwatch cost <dir|file…> [--format json|csv|md] [--copy first|additional] [--prices FILE] [--plan FILE]

Estimates what CloudTrail charges for the events in local log files (an 'aws s3 sync' copy of the
trail bucket, or files), by event type, with advice and the dollars each would save.
  --format json|csv|md   md on a terminal, json otherwise
  --copy first|additional
                         whether these files are the trail's free first copy of management
                         events in their regions (default) or a paid additional copy
  --prices FILE          JSON price overrides, e.g. {"managementAdditionalCopyPer100k": 2.2}
  --plan FILE            JSON pricing plan: copy and Insights per trail or account/region
  --verbose              log each file to stderr
Exit status: 0 when the paths were read (a folder without log files is named in a warning on
stderr); 2 on usage errors, paths that do not exist and invalid --prices/--plan files.
`;

const readJson = async (path: string, what: string): Promise<unknown> => {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const problem = describeFsError(error, `${what} ${path}`) ?? `${what} ${path}: ${(error as Error).message}`;
    throw new ConfigError(problem, { cause: error });
  }
};

const listed = (values: Set<string>): string =>
  values.size === 0
    ? 'none'
    : [...values].sort().slice(0, 5).join(', ') + (values.size > 5 ? `, … (${values.size})` : '');

/**
 * The `--plan` entries that name no trail location, account/region or both among the files read.
 * Locally a file's trail location is the folder named on the command line plus the path in front
 * of `AWSLogs/` (`logs` after `aws s3 sync s3://my-trail-bucket ./logs`), not the bucket, so an
 * entry keyed by the bucket silently priced nothing.
 */
const unmatchedPlanEntries = (plan: PricingPlan, rows: readonly RollupRow[]): string[] => {
  const trails = new Set(rows.map((r) => r.trail));
  const accountRegions = new Set(rows.map((r) => `${r.account}/${r.region}`));
  const scopes = new Set(rows.map((r) => `${r.trail}|${r.account}|${r.region}`));
  const sections = [
    ['trails', plan.trails, trails, 'trail locations'],
    ['accountRegions', plan.accountRegions, accountRegions, 'account/regions'],
    ['trailAccountRegions', plan.trailAccountRegions, scopes, 'trail|account|regions'],
  ] as const;
  return sections.flatMap(([section, entries, seen, what]) =>
    Object.keys(entries ?? {})
      .filter((key) => !seen.has(key))
      .map(
        (key) =>
          `--plan ${section} ${JSON.stringify(key)} matches no file read, so it prices nothing (${what} read: ${listed(seen)})`
      )
  );
};

/** `trailwatch cost`: the rollup's cost report over local files, through the ingest core. */
export const run = async (args: string[], io: CliIo): Promise<number> => {
  const parsed = parseCommand(() => parse(args), 'cost', HELP, io);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const format = values.format ?? (io.isTty ? 'md' : 'json');
  const copy = values.copy;
  const problem =
    checkChoice('--format', format, ['json', 'csv', 'md']) ?? checkChoice('--copy', copy, ['first', 'additional']);
  if (problem !== undefined) return usageError(io, 'cost', problem);
  if (positionals.length === 0) return usageError(io, 'cost', 'missing <dir|file…>', true);
  let prices: ReturnType<typeof resolvePriceTable>;
  let plan: ReturnType<typeof parsePricingPlan>;
  try {
    prices = resolvePriceTable(
      values.prices ? await readJson(values.prices, '--prices') : {},
      values.prices ?? 'prices'
    );
    plan = parsePricingPlan(values.plan ? await readJson(values.plan, '--plan') : {}, values.plan ?? 'plan');
  } catch (error) {
    return usageError(io, 'cost', (error as Error).message);
  }
  if (copy === 'first' || copy === 'additional') plan.copy = copy;

  const files = await findInputFiles(positionals, 'cost', io);
  const rollup = new RollupBuilder('local', 'local');
  for await (const summary of scanFiles(files, { open: openLocalFile, log: cliLog(io, values.verbose) }))
    rollup.addSummary(summary);
  const built = rollup.build();
  for (const problem of unmatchedPlanEntries(plan, built.rows)) io.stderr(`trailwatch cost: warning: ${problem}\n`);
  const builder = new CostReportBuilder('local', prices, trailPricingResolver(plan));
  builder.add(built);
  const report = builder.report();
  io.stdout(
    format === 'json'
      ? `${JSON.stringify(report)}\n`
      : format === 'csv'
        ? renderCostCsv(report)
        : renderCostMarkdown(report)
  );
  return 0;
};

const parse = (args: string[]) =>
  parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      copy: { type: 'string' },
      prices: { type: 'string' },
      plan: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
