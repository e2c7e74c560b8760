import type { FileSummary } from '../model/summary.js';

/**
 * The order of `String.prototype.localeCompare` (the default locale's collation), from one collator
 * made once: localeCompare builds its collation per call, which costs a sort of thousands of keys
 * tens of milliseconds.
 */
const byText = new Intl.Collator().compare;

/** The map under `key`, created on first use. */
const child = <K, K2, T>(map: Map<K, Map<K2, T>>, key: K): Map<K2, T> => {
  let found = map.get(key);
  if (found === undefined) {
    found = new Map();
    map.set(key, found);
  }
  return found;
};

/** Events of one type across many files (hours folded together). */
export type TypeCount = {
  eventCategory: string;
  eventSource: string;
  eventName: string;
  readOnly: boolean | null;
  count: number;
};

/** The report of `trailwatch scan`: totals over many per-file summaries. */
export type ScanReport = {
  files: number;
  events: number;
  /** Events that carry an errorCode (failed calls). */
  errors: number;
  bytes: { compressed: number; uncompressed: number };
  firstEventTime?: string;
  lastEventTime?: string;
  accounts: string[];
  regions: string[];
  byType: TypeCount[];
  errorCodes: Array<{ errorCode: string; count: number }>;
  badRecords: number;
  damaged: Array<{ key: string; reason: string; offset: number; message: string }>;
  alerts: number;
};

/**
 * Folds per-file summaries into one report, one summary at a time (constant memory in the
 * number of files, apart from the damaged list).
 */
export class ReportBuilder {
  /**
   * Each type's count under its category, source, name and readOnly, in nested maps keyed by the
   * summaries' own strings (no key string built per count of every file), and in `#typeList` in
   * the order they were first seen.
   */
  readonly #types = new Map<string, Map<string, Map<string, Map<boolean | null, TypeCount>>>>();
  readonly #typeList: TypeCount[] = [];
  readonly #codes = new Map<string, number>();
  readonly #accounts = new Set<string>();
  readonly #regions = new Set<string>();
  readonly #report: ScanReport = {
    files: 0,
    events: 0,
    errors: 0,
    bytes: { compressed: 0, uncompressed: 0 },
    accounts: [],
    regions: [],
    byType: [],
    errorCodes: [],
    badRecords: 0,
    damaged: [],
    alerts: 0,
  };

  add(summary: FileSummary): void {
    const r = this.#report;
    r.files++;
    r.events += summary.records;
    r.badRecords += summary.badRecords;
    r.alerts += summary.alerts.length;
    r.bytes.compressed += summary.bytes.compressed;
    r.bytes.uncompressed += summary.bytes.uncompressed;
    if (summary.accountId) this.#accounts.add(summary.accountId);
    if (summary.region) this.#regions.add(summary.region);
    if (summary.firstEventTime && (!r.firstEventTime || summary.firstEventTime < r.firstEventTime))
      r.firstEventTime = summary.firstEventTime;
    if (summary.lastEventTime && (!r.lastEventTime || summary.lastEventTime > r.lastEventTime))
      r.lastEventTime = summary.lastEventTime;
    if (summary.damage) r.damaged.push({ key: summary.key, ...summary.damage });
    for (const c of summary.counts) {
      const byReadOnly = child(child(child(this.#types, c.eventCategory), c.eventSource), c.eventName);
      const t = byReadOnly.get(c.readOnly);
      if (t) t.count += c.count;
      else {
        const type = {
          eventCategory: c.eventCategory,
          eventSource: c.eventSource,
          eventName: c.eventName,
          readOnly: c.readOnly,
          count: c.count,
        };
        byReadOnly.set(c.readOnly, type);
        this.#typeList.push(type);
      }
    }
    for (const e of summary.errors) {
      r.errors += e.count;
      this.#codes.set(e.errorCode, (this.#codes.get(e.errorCode) ?? 0) + e.count);
    }
  }

  report(): ScanReport {
    return {
      ...this.#report,
      accounts: [...this.#accounts].sort(),
      regions: [...this.#regions].sort(),
      byType: [...this.#typeList].sort(
        (a, b) => b.count - a.count || byText(`${a.eventSource}${a.eventName}`, `${b.eventSource}${b.eventName}`)
      ),
      errorCodes: [...this.#codes]
        .map(([errorCode, count]) => ({ errorCode, count }))
        .sort((a, b) => b.count - a.count || byText(a.errorCode, b.errorCode)),
    };
  }
}
