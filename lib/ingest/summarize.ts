import type { RecordHead, RecordView } from '../cloudtrail/record-view.js';
import type { ErrorCount, EventCount, RecordError } from '../model/summary.js';

/** How many record errors a summary keeps verbatim (the count covers all). */
export const MAX_RECORD_ERRORS = 20;

/** Stands in for a field a record does not have. */
export const MISSING = '(missing)';

const REQUIRED: ReadonlyArray<keyof RecordHead> = ['eventTime', 'eventSource', 'eventName'];

/**
 * The order of `String.prototype.localeCompare` (the default locale's collation), from one collator
 * made once: localeCompare builds its collation per call, which costs a sort of thousands of keys
 * tens of milliseconds.
 */
const byText = new Intl.Collator().compare;

type Level<T> = Map<string, T>;

/** The map under `key`, created on first use. */
const child = <T>(map: Map<string, Map<string, T>>, key: string): Map<string, T> => {
  let found = map.get(key);
  if (found === undefined) {
    found = new Map();
    map.set(key, found);
  }
  return found;
};

/**
 * Counts one file's records by hour × eventCategory × eventSource × eventName × readOnly, and
 * failed calls by errorCode: the per-file part of the cost and anomaly contract.
 * Insights records carry their source and name in `insightDetails` and are parsed for them.
 */
export class Counter {
  readonly #counts: Level<Level<Level<Map<string, Map<boolean | null, EventCount>>>>> = new Map();
  readonly #errors = new Map<string, ErrorCount>();
  records = 0;
  badRecords = 0;
  readonly recordErrors: RecordError[] = [];
  firstEventTime: string | undefined;
  lastEventTime: string | undefined;

  /** Counts a record. Never throws: a record it cannot use is reported as a record error. */
  add(view: RecordView): void {
    let head = view.head;
    if (head.eventCategory === 'Insight' || head.eventType === 'AwsCloudTrailInsight') {
      const details = this.#parse(view)?.insightDetails;
      if (details) head = { ...head, eventSource: details.eventSource, eventName: details.eventName };
    }
    const missing = REQUIRED.filter((field) => head[field] === undefined);
    if (missing.length > 0 && head.eventCategory !== 'Aggregated') {
      this.problem(
        {
          index: view.index,
          offset: view.offset,
          reason: 'missing-field',
          message: `record ${view.index} has no ${missing.join(', ')}`,
        },
        false
      );
    }
    this.records++;
    const time = head.eventTime;
    if (time !== undefined) {
      if (this.firstEventTime === undefined || time < this.firstEventTime) this.firstEventTime = time;
      if (this.lastEventTime === undefined || time > this.lastEventTime) this.lastEventTime = time;
    }
    const hour = time !== undefined && time.length >= 13 ? time.slice(0, 13) : 'unknown';
    const category = head.eventCategory ?? (head.managementEvent === false ? 'Data' : 'Management');
    const source = head.eventSource ?? MISSING;
    const name = head.eventName ?? MISSING;
    const readOnly = head.readOnly ?? null;
    // Nested maps keyed by the (interned) field strings: no key string is built per record.
    const byName = child(child(child(this.#counts, hour), category), source);
    let byReadOnly = byName.get(name);
    if (byReadOnly === undefined) {
      byReadOnly = new Map();
      byName.set(name, byReadOnly);
    }
    const count = byReadOnly.get(readOnly);
    if (count) count.count++;
    else
      byReadOnly.set(readOnly, {
        hour,
        eventCategory: category,
        eventSource: source,
        eventName: name,
        readOnly,
        count: 1,
      });
    if (head.errorCode !== undefined) {
      const errorKey = `${hour}|${source}|${name}|${head.errorCode}`;
      const error = this.#errors.get(errorKey);
      if (error) error.count++;
      else
        this.#errors.set(errorKey, { hour, eventSource: source, eventName: name, errorCode: head.errorCode, count: 1 });
    }
  }

  /** Records a problem; `bad` says the record itself was unusable (not counted as an event). */
  problem(error: RecordError, bad = true): void {
    if (bad) this.badRecords++;
    if (this.recordErrors.length < MAX_RECORD_ERRORS) this.recordErrors.push(error);
  }

  #parse(view: RecordView) {
    try {
      return view.record();
    } catch (error) {
      this.problem({
        index: view.index,
        offset: view.offset,
        reason: 'invalid-json',
        message: (error as Error).message,
      });
      return undefined;
    }
  }

  /** Counts sorted by count, largest first (stable across runs for equal input). */
  counts(): EventCount[] {
    const all: EventCount[] = [];
    for (const categories of this.#counts.values())
      for (const sources of categories.values())
        for (const names of sources.values()) for (const readOnlys of names.values()) all.push(...readOnlys.values());
    return all.sort((a, b) => b.count - a.count || byText(keyOf(a), keyOf(b)));
  }

  errors(): ErrorCount[] {
    return [...this.#errors.values()].sort(
      (a, b) =>
        b.count - a.count ||
        byText(
          `${a.hour}${a.eventSource}${a.eventName}${a.errorCode}`,
          `${b.hour}${b.eventSource}${b.eventName}${b.errorCode}`
        )
    );
  }
}

const keyOf = (c: EventCount): string => `${c.hour}|${c.eventCategory}|${c.eventSource}|${c.eventName}|${c.readOnly}`;
