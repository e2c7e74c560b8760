import type { FileSummary } from '../model/summary.js';
import { InvalidSummaryError } from './errors.js';
import { trailOf } from './trail-pricing.js';
import { ROLLUP_SCHEMA_VERSION, type Rollup, type RollupErrorRow, type RollupRow, type RollupStats } from './types.js';

const rowKey = (r: RollupRow): string =>
  `${r.trail}\u0000${r.account}\u0000${r.region}\u0000${r.hour ?? ''}\u0000${r.eventCategory}\u0000${r.eventSource}\u0000${r.eventName}\u0000${r.readOnly}`;
const errorKey = (e: RollupErrorRow): string =>
  `${e.trail}\u0000${e.account}\u0000${e.region}\u0000${e.hour ?? ''}\u0000${e.eventCategory}\u0000${e.eventSource}\u0000${e.eventName}\u0000${e.errorCode}`;
const statsKey = (s: Pick<RollupStats, 'trail' | 'account' | 'region'>): string =>
  `${s.trail}\u0000${s.account}\u0000${s.region}`;
const byKey =
  <T>(keyOf: (item: T) => string) =>
  (a: T, b: T): number => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };

/**
 * Checks that a parsed object is a schema-1 per-file summary before folding it.
 * @param bucket - the results bucket (names the error)
 * @param key - the summary's key (names the error)
 * @throws InvalidSummaryError naming the key and what is wrong
 */
export const assertSummary = (value: unknown, bucket: string, key: string): FileSummary => {
  const s = value as Partial<FileSummary> | null;
  if (s === null || typeof s !== 'object') throw new InvalidSummaryError(bucket, key, 'not a JSON object');
  if (s.schemaVersion !== 1) throw new InvalidSummaryError(bucket, key, `schemaVersion ${String(s.schemaVersion)}`);
  if (!Array.isArray(s.counts) || !Array.isArray(s.errors))
    throw new InvalidSummaryError(bucket, key, 'counts or errors missing');
  if (typeof s.bucket !== 'string' || typeof s.key !== 'string')
    throw new InvalidSummaryError(bucket, key, 'bucket or key missing');
  return s as FileSummary;
};

/**
 * Folds per-file summaries, or other rollups, into one rollup. Sums are exact integers and the
 * output is sorted, so folding the same inputs in any order and any grouping gives a
 * byte-identical rollup: what makes re-running an hour or a day idempotent.
 *
 * @example
 * const builder = new RollupBuilder('hourly', '2026-01-02T03', '111122223333');
 * builder.addSummary(summary, 'summaries/2026/01/02/03/111122223333/us-east-1/x.json');
 * const rollup = builder.build();
 */
export class RollupBuilder {
  readonly #rows = new Map<string, RollupRow>();
  readonly #errors = new Map<string, RollupErrorRow>();
  readonly #stats = new Map<string, RollupStats>();
  readonly #files = new Set<string>();
  readonly #keepHour: boolean;

  /**
   * @param kind - hourly rollups keep the eventTime hour of each row; daily and local drop it
   * @param period - the delivery hour, the day, or a label
   * @param account - set on per-account rollups
   */
  constructor(
    readonly kind: Rollup['kind'],
    readonly period: string,
    readonly account?: string
  ) {
    this.#keepHour = kind === 'hourly';
  }

  /** Starts from an existing rollup (an hourly one being extended with late files). */
  static from(rollup: Rollup): RollupBuilder {
    const builder = new RollupBuilder(rollup.kind, rollup.period, rollup.account);
    builder.addRollup(rollup);
    return builder;
  }

  /** Whether a summary key was folded already. */
  has(summaryKey: string): boolean {
    return this.#files.has(summaryKey);
  }

  /**
   * Folds one per-file summary.
   * @param summaryKey - the summary's key in the results bucket (hourly rollups record it)
   */
  addSummary(summary: FileSummary, summaryKey?: string): void {
    if (summaryKey !== undefined) {
      if (this.#files.has(summaryKey)) return;
      this.#files.add(summaryKey);
    }
    const trail = trailOf(summary.bucket, summary.key);
    const account = summary.accountId ?? 'unknown';
    const region = summary.region ?? 'unknown';
    const stats = this.#statsFor({ trail, account, region });
    stats.files++;
    if (summary.status === 'damaged') stats.damagedFiles++;
    stats.records += summary.records;
    stats.badRecords += summary.badRecords;
    stats.bytesCompressed += summary.bytes?.compressed ?? 0;
    stats.bytesUncompressed += summary.bytes?.uncompressed ?? 0;
    // Error rows carry no category; the file's own counts say which category a call was.
    const categories = new Map<string, string>();
    for (const c of summary.counts) {
      this.#addRow({
        trail,
        account,
        region,
        hour: c.hour,
        eventCategory: c.eventCategory,
        eventSource: c.eventSource,
        eventName: c.eventName,
        readOnly: c.readOnly,
        count: c.count,
      });
      const call = `${c.hour}\u0000${c.eventSource}\u0000${c.eventName}`;
      if (categories.get(call) !== 'Management') categories.set(call, c.eventCategory);
    }
    for (const e of summary.errors) {
      const eventCategory = categories.get(`${e.hour}\u0000${e.eventSource}\u0000${e.eventName}`) ?? 'Management';
      this.#addError({
        trail,
        account,
        region,
        hour: e.hour,
        eventCategory,
        eventSource: e.eventSource,
        eventName: e.eventName,
        errorCode: e.errorCode,
        count: e.count,
      });
    }
  }

  /** Folds another rollup (hourly ones into a daily one). */
  addRollup(rollup: Rollup): void {
    for (const f of rollup.files) this.#files.add(f);
    for (const r of rollup.rows) this.#addRow(r);
    for (const e of rollup.errors) this.#addError(e);
    for (const s of rollup.stats) {
      const t = this.#statsFor(s);
      t.files += s.files;
      t.damagedFiles += s.damagedFiles;
      t.records += s.records;
      t.badRecords += s.badRecords;
      t.bytesCompressed += s.bytesCompressed;
      t.bytesUncompressed += s.bytesUncompressed;
    }
  }

  /** The rollup, every list sorted so equal input gives equal bytes. */
  build(): Rollup {
    return {
      schemaVersion: ROLLUP_SCHEMA_VERSION,
      kind: this.kind,
      period: this.period,
      ...(this.account !== undefined && { account: this.account }),
      files: this.#keepHour ? [...this.#files].sort() : [],
      rows: [...this.#rows.values()].sort(byKey(rowKey)),
      errors: [...this.#errors.values()].sort(byKey(errorKey)),
      stats: [...this.#stats.values()].sort(byKey(statsKey)),
    };
  }

  #addRow(r: RollupRow): void {
    const row: RollupRow = {
      trail: r.trail,
      account: r.account,
      region: r.region,
      ...(this.#keepHour && r.hour !== undefined && { hour: r.hour }),
      eventCategory: r.eventCategory,
      eventSource: r.eventSource,
      eventName: r.eventName,
      readOnly: r.readOnly,
      count: r.count,
    };
    const key = rowKey(row);
    const found = this.#rows.get(key);
    if (found) found.count += r.count;
    else this.#rows.set(key, row);
  }

  #addError(e: RollupErrorRow): void {
    const row: RollupErrorRow = {
      trail: e.trail,
      account: e.account,
      region: e.region,
      ...(this.#keepHour && e.hour !== undefined && { hour: e.hour }),
      eventCategory: e.eventCategory,
      eventSource: e.eventSource,
      eventName: e.eventName,
      errorCode: e.errorCode,
      count: e.count,
    };
    const key = errorKey(row);
    const found = this.#errors.get(key);
    if (found) found.count += e.count;
    else this.#errors.set(key, row);
  }

  #statsFor(scope: Pick<RollupStats, 'trail' | 'account' | 'region'>): RollupStats {
    const key = statsKey(scope);
    let stats = this.#stats.get(key);
    if (!stats) {
      stats = {
        trail: scope.trail,
        account: scope.account,
        region: scope.region,
        files: 0,
        damagedFiles: 0,
        records: 0,
        badRecords: 0,
        bytesCompressed: 0,
        bytesUncompressed: 0,
      };
      this.#stats.set(key, stats);
    }
    return stats;
  }
}
