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
 * Built with `tally` false it keeps only the totals, the eventTime range and the record errors
 * (`counts()` and `errors()` are empty): for callers that read no counts (`trailwatch detect`).
 */
export class Counter {
  readonly #counts: Level<Level<Level<Map<string, Map<boolean | null, EventCount>>>>> = new Map();
  readonly #errors = new Map<string, ErrorCount>();
  records = 0;
  badRecords = 0;
  readonly recordErrors: RecordError[] = [];
  firstEventTime: string | undefined;
  /** The last hour counted and the eventTime it was read from (see #hourOf); empty until set. */
  #hour = '';
  #hourTime = '';
  lastEventTime: string | undefined;
  readonly #tally: boolean;

  constructor(tally = true) {
    this.#tally = tally;
  }

  /** Counts a record. Never throws: a record it cannot use is reported as a record error. */
  add(view: RecordView): void {
    let head = view.head;
    if (head.eventCategory === 'Insight' || head.eventType === 'AwsCloudTrailInsight') {
      const details = this.#parse(view)?.insightDetails;
      if (details) head = { ...head, eventSource: details.eventSource, eventName: details.eventName };
    }
    // Most records have all three: the list is built only for the few that do not.
    if (
      (head.eventTime === undefined || head.eventSource === undefined || head.eventName === undefined) &&
      head.eventCategory !== 'Aggregated'
    ) {
      const missing = REQUIRED.filter((field) => head[field] === undefined);
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
    if (!this.#tally) return;
    const hour = time !== undefined && time.length >= 13 ? this.#hourOf(time) : 'unknown';
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

  /** The hour of an eventTime (its first 13 characters): the last one again while records stay in one hour. */
  #hourOf(time: string): string {
    if (time === this.#hourTime) return this.#hour;
    this.#hourTime = time;
    const last = this.#hour;
    let same = last.length === 13;
    for (let i = 0; same && i < 13; i++) same = time.charCodeAt(i) === last.charCodeAt(i);
    if (!same) this.#hour = time.slice(0, 13);
    return this.#hour;
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
    return sortedByCount(all, keyOf);
  }

  errors(): ErrorCount[] {
    return sortedByCount([...this.#errors.values()], (e) => `${e.hour}${e.eventSource}${e.eventName}${e.errorCode}`);
  }
}

/**
 * Sorted by count, largest first, then by `textOf` in collation order; each text is built once,
 * not once per comparison.
 */
const sortedByCount = <T extends { count: number }>(items: T[], textOf: (item: T) => string): T[] => {
  if (items.length < 2) return items;
  const texts = new Map(items.map((item) => [item, textOf(item)]));
  return items.sort((a, b) => b.count - a.count || byText(texts.get(a) as string, texts.get(b) as string));
};

const keyOf = (c: EventCount): string => `${c.hour}|${c.eventCategory}|${c.eventSource}|${c.eventName}|${c.readOnly}`;
