import { parseArgs } from 'node:util';
import { type ScanReport, ReportBuilder } from '../ingest/aggregate.js';
import { checkChoice } from './check-choice.js';
import { cliLog, cliLogLevel } from './cli-log.js';
import { findInputFiles } from './find-input-files.js';
import { type CliIo, parseCommand, usageError } from './parse-command.js';
import { parseWorkers, WORKERS_HELP } from './parse-workers.js';
import { scanInWorkers, workerCount } from './scan-in-workers.js';
import { type SkippedRecord, skippedRecords } from './skipped-records.js';

const HELP = `usage: trailwatch scan <dir|file…> [--format table|json] [--verbose] [--workers N]

Reads CloudTrail log files (an 'aws s3 sync' copy of the trail bucket, or files) with the same
core as the ingest Lambda and prints what they hold: files, events, failed calls, events by type.
  --format table|json   table on a terminal, json otherwise
  --verbose             log each file to stderr
${WORKERS_HELP}
Exit status: 0 when the paths were read (a folder without log files is named in a warning on
stderr); 2 on usage errors and paths that do not exist.
`;

/** What `scan --format json` prints: the report plus the records that were skipped. */
export type ScanOutput = ScanReport & { skipped: SkippedRecord[] };

/** `trailwatch scan`: the ingest core over local files. */
export const run = async (args: string[], io: CliIo): Promise<number> => {
  const parsed = parseCommand(() => parse(args), 'scan', HELP, io);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const format = values.format ?? (io.isTty ? 'table' : 'json');
  const badFormat = checkChoice('--format', format, ['table', 'json']) ?? parseWorkers(values.workers).problem;
  if (badFormat !== undefined) return usageError(io, 'scan', badFormat);
  if (positionals.length === 0) return usageError(io, 'scan', 'missing <dir|file…>', true);
  const files = await findInputFiles(positionals, 'scan', io);
  const builder = new ReportBuilder();
  const skipped: SkippedRecord[] = [];
  let index = 0;
  const summaries = scanInWorkers(files, {
    workers: workerCount(parseWorkers(values.workers).workers, files),
    log: cliLog(io, values.verbose),
    logLevel: cliLogLevel(values.verbose),
  });
  // All folding happens here, on the main thread, in file order: the workers only read files.
  for await (const { summary } of summaries) {
    builder.add(summary);
    skipped.push(...skippedRecords(files[index++] as (typeof files)[number], summary));
  }
  const report = builder.report();
  const output: ScanOutput = { ...report, skipped };
  io.stdout(format === 'json' ? `${JSON.stringify(output)}\n` : renderTable(report, skipped));
  return 0;
};

const parse = (args: string[]) =>
  parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      workers: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });

const TOP = 25;

/**
 * A human-readable rendering of a scan report.
 * @param report - the totals
 * @param skipped - the records that were skipped, listed after the damaged files
 * @returns the table, ending in a newline
 */
export const renderTable = (report: ScanReport, skipped: readonly SkippedRecord[] = []): string => {
  const lines = [
    `files        ${report.files}${report.damaged.length ? ` (${report.damaged.length} damaged)` : ''}`,
    `events       ${report.events}${report.badRecords ? ` (+${report.badRecords} unreadable records)` : ''}`,
    `failed calls ${report.errors}`,
    `accounts     ${report.accounts.join(', ') || '-'}`,
    `regions      ${report.regions.join(', ') || '-'}`,
    `time span    ${report.firstEventTime ?? '-'} … ${report.lastEventTime ?? '-'}`,
    `bytes        ${report.bytes.compressed} compressed, ${report.bytes.uncompressed} uncompressed`,
    '',
    `${'count'.padStart(9)}  ${'category'.padEnd(10)} ${'ro'.padEnd(3)} event`,
    ...report.byType
      .slice(0, TOP)
      .map(
        (t) =>
          `${String(t.count).padStart(9)}  ${t.eventCategory.padEnd(10)} ${t.readOnly === null ? '-  ' : t.readOnly ? 'r  ' : 'w  '} ${t.eventSource} ${t.eventName}`
      ),
  ];
  if (report.byType.length > TOP)
    lines.push(`      …  ${report.byType.length - TOP} more event types (--format json lists all)`);
  if (report.errorCodes.length > 0) {
    lines.push(
      '',
      'failed calls by error code:',
      ...report.errorCodes.slice(0, 10).map((e) => `${String(e.count).padStart(9)}  ${e.errorCode}`)
    );
  }
  if (report.damaged.length > 0) {
    lines.push('', 'damaged files:', ...report.damaged.map((d) => `  ${d.key}: ${d.reason} at offset ${d.offset}`));
  }
  if (skipped.length > 0) {
    lines.push(
      '',
      'skipped records:',
      ...skipped.map((s) => `  ${s.path}: record ${s.index} (${s.reason}) at offset ${s.offset}`)
    );
  }
  return `${lines.join('\n')}\n`;
};
