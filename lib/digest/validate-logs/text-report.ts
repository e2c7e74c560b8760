import { pyStr } from '../core/py-str.js';
import { formatDisplayDate, parseCliDate } from '../core/python-dates.js';
import { BACKFILL_PREFIX } from '../constants.js';
import type { Finding, ValidationEvent } from '../types.js';

/** Counts and found-range of a validation, as the CLI's summary reports them. */
export type ValidationTotals = {
  validDigests: number;
  invalidDigests: number;
  validBackfillDigests: number;
  invalidBackfillDigests: number;
  unverifiedDigests: number;
  unverifiedBackfillDigests: number;
  validLogs: number;
  invalidLogs: number;
  unverifiedLogs: number;
  foundStart?: Date;
  foundEnd?: Date;
};

/** Output channels of the report (stdout, stderr). */
export type ReportWriter = { stdout: (text: string) => void; stderr: (text: string) => void };

/**
 * Renders validation events as `aws cloudtrail validate-logs` prints them, byte for byte:
 * the start line, INVALID and gap lines on stderr as `msg\n\n` (`\nmsg\n\n` right after a verbose
 * stdout line), valid lines on stdout with `verbose` only, and the summary with its ratios. The exit
 * code follows the CLI: 1 when any digest or log file is INVALID, gaps do not count.
 *
 * Two additions never appear in CLI-parity runs: `unverified` digests (offline, no signature) and the
 * log files whose hash only they vouch for get a `NOT VERIFIED` line (on stderr) and a ratio, and
 * labelled findings are printed after the summary when `showFindings` is set.
 *
 * @example
 * const report = new TextReport(io, { arn, start, end, verbose: false });
 * report.begin();
 * for await (const event of validateTrail(options)) report.add(event);
 * report.finish();
 * return report.exitCode();
 */
export class TextReport {
  readonly totals: ValidationTotals = {
    validDigests: 0,
    invalidDigests: 0,
    validBackfillDigests: 0,
    invalidBackfillDigests: 0,
    unverifiedDigests: 0,
    unverifiedBackfillDigests: 0,
    validLogs: 0,
    invalidLogs: 0,
    unverifiedLogs: 0,
  };
  readonly findings: Finding[] = [];
  private lastStatusDoubleSpaced = true;

  constructor(
    private readonly out: ReportWriter,
    private readonly options: { arn: string; start: Date; end: Date; verbose: boolean; showFindings?: boolean }
  ) {}

  /** `Validating log files for trail <arn> between <S> and <E>` and a blank line. */
  begin(): void {
    const { arn, start, end } = this.options;
    this.out.stdout(
      `Validating log files for trail ${arn} between ${formatDisplayDate(start)} and ${formatDisplayDate(end)}\n\n`
    );
  }

  private status(message: string, isError: boolean): void {
    if (isError) {
      this.out.stderr(this.lastStatusDoubleSpaced ? `${message}\n\n` : `\n${message}\n\n`);
      this.lastStatusDoubleSpaced = true;
    } else if (this.options.verbose) {
      this.lastStatusDoubleSpaced = false;
      this.out.stdout(`${message}\n`);
    }
  }

  private trackFound(start: unknown, end: unknown): void {
    const earliest = Math.max(parseCliDate(start).getTime(), this.options.start.getTime());
    if (this.totals.foundStart === undefined || earliest < this.totals.foundStart.getTime())
      this.totals.foundStart = new Date(earliest);
    const latest = Math.min(parseCliDate(end).getTime(), this.options.end.getTime());
    if (this.totals.foundEnd === undefined || latest > this.totals.foundEnd.getTime())
      this.totals.foundEnd = new Date(latest);
  }

  /** Reports one event. */
  add(event: ValidationEvent): void {
    const t = this.totals;
    switch (event.type) {
      case 'digest': {
        const prefix = event.backfill ? BACKFILL_PREFIX : '';
        if (event.status === 'valid') {
          this.trackFound(event.digest.digestStartTime, event.digest.digestEndTime);
          if (event.backfill) t.validBackfillDigests += 1;
          else t.validDigests += 1;
          this.status(
            `${prefix}Digest file\ts3://${pyStr(event.digest.digestS3Bucket)}/${pyStr(event.digest.digestS3Object)}\tvalid`,
            false
          );
        } else if (event.status === 'unverified') {
          if (event.backfill) t.unverifiedBackfillDigests += 1;
          else t.unverifiedDigests += 1;
          this.status(`${prefix}Digest file\ts3://${event.bucket}/${event.key}\tNOT VERIFIED: ${event.why}`, true);
        } else {
          if (event.backfill) t.invalidBackfillDigests += 1;
          else t.invalidDigests += 1;
          this.status(`${prefix}${event.cliLine}`, true);
        }
        return;
      }
      case 'log': {
        const line = `Log file\ts3://${event.bucket}/${event.key}\t${event.check.cliText}`;
        if (event.check.status === 'valid') t.validLogs += 1;
        else if (event.check.status === 'unverified') t.unverifiedLogs += 1;
        else t.invalidLogs += 1;
        this.status(line, event.check.status !== 'valid');
        return;
      }
      case 'gap':
        this.status(
          `${event.backfill ? BACKFILL_PREFIX : ''}No log files were delivered by CloudTrail between ${formatDisplayDate(
            event.nextEnd
          )} and ${formatDisplayDate(event.lastStart)}`,
          true
        );
        return;
      case 'finding':
        this.findings.push(event.finding);
        return;
    }
  }

  private ratio(valid: number, invalid: number, name: string, extra?: { count: number; label: string }): void {
    const total = valid + invalid + (extra?.count ?? 0);
    if (total === 0) return;
    let line = `\n${valid}/${total} ${name} files valid`;
    if (invalid > 0) line += `, ${invalid}/${total} ${name} files INVALID`;
    if (extra && extra.count > 0) line += `, ${extra.count}/${total} ${name} files ${extra.label}`;
    this.out.stdout(line);
  }

  /** The summary: requested and found ranges, then the ratios; then findings when asked for. */
  finish(): void {
    const t = this.totals;
    if (!this.lastStatusDoubleSpaced) this.out.stdout('\n');
    this.out.stdout(
      `Results requested for ${formatDisplayDate(this.options.start)} to ${formatDisplayDate(this.options.end)}\n`
    );
    const digests =
      t.validDigests +
      t.validBackfillDigests +
      t.invalidDigests +
      t.invalidBackfillDigests +
      t.unverifiedDigests +
      t.unverifiedBackfillDigests;
    if (digests === 0) {
      this.out.stdout('No digests found\n');
    } else {
      if (t.foundStart === undefined || t.foundEnd === undefined) this.out.stdout('No valid digests found in range\n');
      else
        this.out.stdout(`Results found for ${formatDisplayDate(t.foundStart)} to ${formatDisplayDate(t.foundEnd)}:\n`);
      this.ratio(t.validDigests, t.invalidDigests, 'digest', { count: t.unverifiedDigests, label: 'NOT VERIFIED' });
      this.ratio(t.validBackfillDigests, t.invalidBackfillDigests, 'backfill digest', {
        count: t.unverifiedBackfillDigests,
        label: 'NOT VERIFIED',
      });
      this.ratio(t.validLogs, t.invalidLogs, 'log', { count: t.unverifiedLogs, label: 'NOT VERIFIED' });
      this.out.stdout('\n');
    }
    if (this.options.showFindings) this.printFindings();
  }

  private printFindings(): void {
    if (this.findings.length === 0) {
      this.out.stdout('\nNo findings beyond validate-logs\n');
      return;
    }
    this.out.stdout(`\nFindings beyond validate-logs (${this.findings.length}):\n`);
    for (const f of this.findings)
      this.out.stdout(`${f.severity.toUpperCase()}\t${f.code}\ts3://${f.bucket}/${f.key}\t${f.message}\n`);
  }

  /** 1 when anything is INVALID, else 0, as the CLI; `strict` also fails on unverified files and high findings. */
  exitCode(strict = false): number {
    const t = this.totals;
    if (t.invalidDigests + t.invalidBackfillDigests + t.invalidLogs > 0) return 1;
    if (
      strict &&
      (t.unverifiedDigests + t.unverifiedBackfillDigests + t.unverifiedLogs > 0 ||
        this.findings.some((f) => f.severity !== 'medium'))
    )
      return 1;
    return 0;
  }
}
