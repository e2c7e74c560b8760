import { parseArgs } from 'node:util';
import type { Alert } from '../alerts/types.js';
import { findLogFiles } from '../local/find-log-files.js';
import { scanFiles } from '../local/scan-files.js';
import { stderrLog } from '../logger.js';
import { RuleLoadError, RuleSetLoadError } from '../rules/errors.js';
import { loadRuleSet } from '../rules/load-rule-set.js';
import { RuleEngine } from '../rules/rule-engine.js';
import { type CliIo, USAGE_EXIT } from './main.js';

const HELP = `usage: trailwatch detect <dir|file…> [--rules <path>…] [--disable <id>…] [--format jsonl|table]

Runs the detection rules over CloudTrail log files (an 'aws s3 sync' copy of the trail bucket,
or files) with the same engine as the Lambda functions, and prints the alerts.
  --rules <path>         extra rules: a folder or file of YAML, CloudWatch pattern or Sigma
                         rules and suppression lists (repeatable)
  --disable <id>         leave out a rule by id, glob (sigma-*) or Sigma UUID (repeatable,
                         or comma-separated)
  --format jsonl|table   jsonl (one alert per line) unless stdout is a terminal
  --verbose              log each file to stderr
Exit status is 0 when the files were read, with or without alerts.
`;

/** `trailwatch detect`: the rule engine over local files. */
export const run = async (args: string[], io: CliIo): Promise<number> => {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    io.stderr(`trailwatch detect: ${(error as Error).message}\n${HELP}`);
    return USAGE_EXIT;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const format = values.format ?? (io.isTty ? 'table' : 'jsonl');
  if (positionals.length === 0 || (format !== 'table' && format !== 'jsonl')) {
    io.stderr(HELP);
    return USAGE_EXIT;
  }
  const disabled = (values.disable ?? []).flatMap((d) => d.split(',')).map((d) => d.trim()).filter((d) => d !== '');
  let ruleSet: ReturnType<typeof loadRuleSet>;
  try {
    ruleSet = loadRuleSet({ dirs: values.rules ?? [], disabled });
  } catch (error) {
    if (error instanceof RuleSetLoadError || error instanceof RuleLoadError) {
      io.stderr(`trailwatch detect: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (ruleSet.unknownDisabled.length > 0) {
    io.stderr(`trailwatch detect: --disable names no rule: ${ruleSet.unknownDisabled.join(', ')}\n`);
    return USAGE_EXIT;
  }
  for (const refusal of ruleSet.refused) io.stderr(`trailwatch detect: refused ${refusal.file}${refusal.line ? `:${refusal.line}` : ''}: ${refusal.reason}\n`);
  const log = stderrLog(values.verbose ? 'info' : 'warn');
  const engine = new RuleEngine(ruleSet.rules, { suppressions: ruleSet.suppressions, log });
  const files = await findLogFiles(positionals);
  const totals = { files: 0, records: 0, alerts: 0, suppressed: 0, damaged: 0 };
  const table: Alert[] = [];
  for await (const summary of scanFiles(files, { detector: engine.detector, log })) {
    totals.files++;
    totals.records += summary.records;
    totals.alerts += summary.alerts.length;
    totals.suppressed += summary.detection.suppressed ?? 0;
    if (summary.status === 'damaged') totals.damaged++;
    if (format === 'jsonl') for (const alert of summary.alerts) io.stdout(`${JSON.stringify(alert)}\n`);
    else table.push(...summary.alerts);
  }
  if (format === 'table') io.stdout(renderAlerts(table));
  io.stderr(
    `trailwatch detect: ${totals.files} files, ${totals.records} records, ${ruleSet.rules.length} rules, ${totals.alerts} alerts, ${totals.suppressed} suppressed matches${totals.damaged ? `, ${totals.damaged} damaged files` : ''}\n`
  );
  return 0;
};

const parse = (args: string[]) =>
  parseArgs({
    args,
    allowPositionals: true,
    options: {
      rules: { type: 'string', multiple: true },
      disable: { type: 'string', multiple: true },
      format: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });

/** A terminal rendering of alerts: one line each, most severe first. */
export const renderAlerts = (alerts: readonly Alert[]): string => {
  if (alerts.length === 0) return 'no alerts\n';
  const order = ['critical', 'high', 'medium', 'low', 'info'];
  const sorted = [...alerts].sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity) || a.firstSeen.localeCompare(b.firstSeen));
  const idWidth = Math.max(...sorted.map((a) => a.ruleId.length));
  const lines = sorted.map(
    (a) =>
      `${a.severity.padEnd(8)}  ${a.ruleId.padEnd(idWidth)}  ${String(a.count).padStart(5)}  ${a.firstSeen}  ${a.account ?? '-'} ${a.region ?? '-'}  ${a.principal ?? a.sourceIPAddress ?? '-'}`
  );
  return `${'severity'.padEnd(8)}  ${'rule'.padEnd(idWidth)}  ${'count'.padStart(5)}  ${'first seen'.padEnd(20)}  where / who\n${lines.join('\n')}\n`;
};
