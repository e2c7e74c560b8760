import { type Alert, type AlertDraft, type Severity, severityRank } from '../../model/alert.js';
import type { IpEnricher } from '../../model/ip-context.js';
import type { CloudTrailRecord } from '../../model/record.js';
import { redactSensitiveFields } from '../../model/sensitive-fields.js';
import { alertId, windowStartOf } from './alert-id.js';
import { MAX_ALERT_EVENT_IDS, MAX_ALERT_RESOURCES } from '../constants.js';
import { DistinctValues } from './distinct-values.js';
import { formatDuration } from './duration.js';
import type { RecordAccess } from './record-access.js';
import { accountOf, principalArn } from './record-helpers.js';
import { addResourceArns } from './resource-arns.js';
import type { CompiledRule } from '../types.js';

/** A match's eventTime (epoch ms, NaN without one) and eventID. */
export type Stamp = { time: number; eventId: string };

/** The matches of one rule, dedup key and window: what one alert is built from. */
export type AlertGroup = {
  rule: CompiledRule;
  key: string;
  /** Window start for rules without a threshold (part of the group key). */
  windowStart?: string;
  count: number;
  /** The earliest stamps, sorted (at most MAX_ALERT_EVENT_IDS). */
  earliest: Stamp[];
  first: Stamp & { eventTime: string };
  last: Stamp & { eventTime: string };
  /** The earliest record, decoded when the alert is built. */
  sample: () => CloudTrailRecord;
  resources: Set<string>;
  /** Every match time, for threshold rules only. */
  times?: number[];
  /**
   * Every match's counted value as a small number, beside `times`, for rules that count distinct
   * values (-1: the match lacks the field); `distinct` numbers each distinct value once, so a
   * group keeps one copy of each value however many matches repeat it.
   */
  values?: number[];
  distinct?: DistinctValues;
  /** The highest severity of the matches, for rules whose severity depends on the record. */
  severity?: Severity;
};

const order = (s: Stamp): number => (Number.isNaN(s.time) ? Number.POSITIVE_INFINITY : s.time);
/** Orders by eventTime (records without one last), then eventID. */
export const before = (a: Stamp, b: Stamp): boolean =>
  order(a) < order(b) || (order(a) === order(b) && a.eventId < b.eventId);

/** The last eventTime parsed and its time: records of one file come in runs of the same second. */
let parsedText = '';
let parsedTime = Number.NaN;
/** The time of an eventTime (epoch ms, NaN when it is none), parsed once per run of equal texts. */
export const parseTime = (text: string): number => {
  if (text !== parsedText) {
    parsedTime = Date.parse(text);
    parsedText = text;
  }
  return parsedTime;
};

/** Orders groups as their alerts are listed: by first match (eventTime, then eventID), then rule id. */
export const byFirstMatch = (a: AlertGroup, b: AlertGroup): number =>
  before(a.first, b.first) ? -1 : before(b.first, a.first) ? 1 : a.rule.meta.id.localeCompare(b.rule.meta.id);

/** The most matches of a sorted time list within any span of `windowMs`, and the span's first time. */
const densestWindow = (times: number[], windowMs: number): { count: number; start: number } => {
  let best = { count: 0, start: Number.NaN };
  let from = 0;
  for (let to = 0; to < times.length; to++) {
    while ((times[to] as number) - (times[from] as number) >= windowMs) from++;
    if (to - from + 1 > best.count) best = { count: to - from + 1, start: times[from] as number };
  }
  return best;
};

/**
 * The most distinct values within any span of `windowMs`, and the span's first time; matches
 * without a value (-1) or a time are not counted.
 * @param times - each match's time
 * @param values - each match's value number (below `size`), beside `times`
 * @param size - how many distinct values there are
 */
const densestDistinctWindow = (
  times: readonly number[],
  values: readonly number[],
  windowMs: number,
  size: number
): { count: number; start: number } => {
  // The counted matches by time (ties in match order); a file's matches mostly come sorted.
  const order: number[] = [];
  let sorted = true;
  for (let i = 0; i < times.length; i++) {
    const time = times[i] as number;
    if ((values[i] as number) < 0 || !Number.isFinite(time)) continue;
    if (order.length > 0 && time < (times[order[order.length - 1] as number] as number)) sorted = false;
    order.push(i);
  }
  if (!sorted) order.sort((a, b) => (times[a] as number) - (times[b] as number));
  const inWindow = new Int32Array(size);
  let distinct = 0;
  let best = { count: 0, start: Number.NaN };
  let from = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    const time = times[i] as number;
    while (time - (times[order[from] as number] as number) >= windowMs) {
      const old = values[order[from] as number] as number;
      inWindow[old] = (inWindow[old] as number) - 1;
      if (inWindow[old] === 0) distinct--;
      from++;
    }
    const value = values[i] as number;
    if (inWindow[value] === 0) distinct++;
    inWindow[value] = (inWindow[value] as number) + 1;
    if (distinct > best.count) best = { count: distinct, start: times[order[from] as number] as number };
  }
  return best;
};

/**
 * Groups the matches of one file into alerts: the same rule and dedup key within one alert
 * window make one alert with a count, first/last time, the earliest eventIDs and the earliest
 * record as sample. Every choice is by (eventTime, eventID), never by arrival order, so the
 * same events give the same alerts however a file orders them.
 *
 * Rules with a threshold group by dedup key over the whole file and alert only when some
 * span of the threshold window holds at least `count` matches; their window starts where
 * that densest span starts.
 */
export class AlertGroups {
  /**
   * The groups by rule id, dedup key and window ('' for threshold rules): no joined key string
   * per match, and each rule's last group at hand (most matches of a rule fall in the group of
   * the one before).
   */
  readonly #groups = new Map<string, RuleShelf>();
  /** Every group, in the order they were opened (the order alerts with equal first matches keep). */
  readonly #list: AlertGroup[] = [];
  readonly #enricher: IpEnricher | undefined;

  /** @param enricher - adds `context.sourceIPAddress` to each alert, from its sample's address */
  constructor(enricher?: IpEnricher) {
    this.#enricher = enricher;
  }

  /** Number of open groups. */
  get size(): number {
    return this.#list.length;
  }

  /**
   * Adds one match. Only the fields grouping needs are decoded; the sample is parsed when the
   * alert is built.
   * @param rule - the rule that matched
   * @param access - the matching record
   * @param severity - this match's severity, when the rule judges each record (`severityFor`)
   */
  add(rule: CompiledRule, access: RecordAccess, severity?: Severity): void {
    const eventTime = (access.head.eventTime as string | undefined) ?? '';
    const time = parseTime(eventTime);
    const eventId = (access.head.eventID as string | undefined) ?? '';
    const key = rule.dedupKey(access);
    const bucket = rule.threshold ? '' : Number.isFinite(time) ? Math.floor(time / rule.windowMs) : 'unknown';
    const shelf = this.#groups.get(rule.meta.id);
    if (shelf === undefined) {
      // A rule's first match in the file: its one group, without maps until a second one opens.
      const group = openGroup(rule, key, access, { time, eventId }, eventTime);
      this.#list.push(group);
      this.#groups.set(rule.meta.id, { byKey: undefined, lastKey: key, lastBucket: bucket, last: group });
      joinMatch(group, access, time, eventId, eventTime, severity);
      return;
    }
    let group = shelf.last as AlertGroup;
    if (shelf.lastKey !== key || shelf.lastBucket !== bucket) {
      if (shelf.byKey === undefined) {
        // A second group of the rule: its first one goes into the maps too.
        shelf.byKey = new Map([[shelf.lastKey, new Map([[shelf.lastBucket, group]])]]);
      }
      let byWindow = shelf.byKey.get(key);
      if (byWindow === undefined) {
        byWindow = new Map();
        shelf.byKey.set(key, byWindow);
      }
      const found = byWindow.get(bucket);
      if (found === undefined) {
        group = openGroup(rule, key, access, { time, eventId }, eventTime);
        byWindow.set(bucket, group);
        this.#list.push(group);
      } else group = found;
      shelf.lastKey = key;
      shelf.lastBucket = bucket;
      shelf.last = group;
    }
    joinMatch(group, access, time, eventId, eventTime, severity);
  }

  /**
   * The alerts of all groups that qualify, sorted by first time then rule id.
   * @returns alerts (category `detection`); `s3Key`/`bucket` are added by the caller
   */
  alerts(): Alert[] {
    const out: Array<{ alert: Alert; group: AlertGroup }> = [];
    for (const group of this.#list) {
      const alert = toAlert(group, this.#enricher);
      if (alert) out.push({ alert, group });
    }
    return out.sort((a, b) => byFirstMatch(a.group, b.group)).map((o) => o.alert);
  }

  /**
   * {@link AlertGroups.alerts} as drafts, in the same order: each group's count, times, eventIDs
   * and severity, its alert built only when the draft's `alert()` is called.
   * @param place - fields every built alert ends with (`s3Key` and `bucket`, as a file's summary adds them)
   */
  drafts(place?: { s3Key: string; bucket: string }): AlertDraft[] {
    const qualified: AlertGroup[] = [];
    for (const group of this.#list) if (qualifies(group)) qualified.push(group);
    return qualified.sort(byFirstMatch).map((group) => draftOf(group, this.#enricher, place));
  }

  /** Groups of threshold rules that did not reach their count. */
  belowThreshold(): number {
    let n = 0;
    for (const group of this.#list)
      if (group.rule.threshold && densestOf(group).count < group.rule.threshold.count) n++;
    return n;
  }
}

/**
 * One rule's groups in a file: by dedup key and window (undefined while the rule has one group),
 * and the group its last match joined.
 */
type RuleShelf = {
  byKey: Map<string, Map<number | string, AlertGroup>> | undefined;
  lastKey: string;
  lastBucket: number | string;
  last: AlertGroup | undefined;
};

/** The last window start written, for the next group of the same window (groups open in runs). */
let windowStartMs = Number.NaN;
let windowStartWindowMs = Number.NaN;
let windowStartText = '';
/** {@link windowStartOf}, written once per run of groups opening in the same window. */
const windowStartAt = (time: number, windowMs: number): string => {
  if (!Number.isFinite(time)) return windowStartOf(time, windowMs);
  const start = Math.floor(time / windowMs) * windowMs;
  if (start !== windowStartMs || windowMs !== windowStartWindowMs) {
    windowStartText = windowStartOf(time, windowMs);
    windowStartMs = start;
    windowStartWindowMs = windowMs;
  }
  return windowStartText;
};

/**
 * Opens the group of a rule's first match in a dedup key and window (its count still 0: join the
 * match with {@link joinGroup}).
 * @param rule - the rule that matched
 * @param key - the group's dedup key
 * @param access - the matching record
 * @param stamp - the match's parsed eventTime and eventID
 * @param eventTime - the match's eventTime as the record gives it
 */
export const openGroup = (
  rule: CompiledRule,
  key: string,
  access: RecordAccess,
  stamp: Stamp,
  eventTime: string
): AlertGroup => {
  // Every member present from the start, in one order: one hidden class for every group, so the
  // per-match updates stay monomorphic.
  return {
    rule,
    key,
    windowStart: rule.threshold ? undefined : windowStartAt(stamp.time, rule.windowMs),
    count: 0,
    earliest: [],
    first: { time: stamp.time, eventId: stamp.eventId, eventTime },
    last: { time: stamp.time, eventId: stamp.eventId, eventTime },
    sample: access.snapshot(),
    resources: new Set(),
    times: rule.threshold ? [] : undefined,
    values: rule.threshold?.distinct ? [] : undefined,
    distinct: rule.threshold?.distinct ? new DistinctValues() : undefined,
    severity: undefined,
  };
};

/**
 * Counts one match into its group: count, first and last time, the earliest eventIDs (and the
 * resources of their records), the sample, the highest severity, a threshold rule's times.
 * @param group - the match's group ({@link openGroup})
 * @param access - the matching record
 * @param stamp - the match's parsed eventTime and eventID
 * @param eventTime - the match's eventTime as the record gives it
 * @param severity - this match's severity, when the rule judges each record (`severityFor`)
 */
export const joinGroup = (
  group: AlertGroup,
  access: RecordAccess,
  stamp: Stamp,
  eventTime: string,
  severity?: Severity
): void => joinMatch(group, access, stamp.time, stamp.eventId, eventTime, severity);

/** The order of a match's time: records without an eventTime last. */
const orderOf = (time: number): number => (Number.isNaN(time) ? Number.POSITIVE_INFINITY : time);

/** {@link before}(`{ time, eventId }`, `b`), without the stamp. */
const precedes = (time: number, eventId: string, b: Stamp): boolean => {
  const t = orderOf(time);
  const u = orderOf(b.time);
  return t < u || (t === u && eventId < b.eventId);
};

/** {@link before}(`a`, `{ time, eventId }`), without the stamp. */
const follows = (a: Stamp, time: number, eventId: string): boolean => {
  const t = orderOf(a.time);
  const u = orderOf(time);
  return t < u || (t === u && a.eventId < eventId);
};

/**
 * {@link joinGroup} with the match's time and eventID apart: a stamp object is made only when
 * the match becomes the group's first or one of its earliest (the group owns `last`, made apart
 * from `first` by {@link openGroup}, and moves it in place).
 */
export const joinMatch = (
  group: AlertGroup,
  access: RecordAccess,
  time: number,
  eventId: string,
  eventTime: string,
  severity: Severity | undefined
): void => {
  const { rule } = group;
  group.count++;
  if (severity !== undefined && (group.severity === undefined || severityRank(severity) > severityRank(group.severity)))
    group.severity = severity;
  if (precedes(time, eventId, group.first)) {
    group.first = { time, eventId, eventTime };
    group.sample = access.snapshot();
  }
  const last = group.last;
  if (follows(last, time, eventId)) {
    last.time = time;
    last.eventId = eventId;
    last.eventTime = eventTime;
  }
  // Resources come from the records whose eventIDs the alert lists: enough to name what was
  // touched, without decoding every match of a large group.
  if (insertEarliest(group.earliest, time, eventId) && group.resources.size < MAX_ALERT_RESOURCES)
    addResourceArns(access, group.resources);
  group.times?.push(time);
  const distinct = rule.threshold?.distinct;
  if (group.values && group.distinct && distinct) group.values.push(distinct.id(access, group.distinct));
};

/**
 * Keeps the earliest stamps sorted (a later equal stamp after the earlier ones); returns whether
 * the match is among them. Shifts in place: no array is made per match, and a stamp only for a
 * match that goes in.
 */
const insertEarliest = (list: Stamp[], time: number, eventId: string): boolean => {
  const n = list.length;
  let i = n;
  if (n >= MAX_ALERT_EVENT_IDS) {
    // Full: the match takes the last place's slot, or is not among the earliest.
    if (!precedes(time, eventId, list[n - 1] as Stamp)) return false;
    i = n - 1;
  }
  const stamp: Stamp = { time, eventId };
  if (i === n) list.push(stamp);
  while (i > 0 && precedes(time, eventId, list[i - 1] as Stamp)) {
    list[i] = list[i - 1] as Stamp;
    i--;
  }
  list[i] = stamp;
  return true;
};

/** The densest span of each threshold group, once worked out (alerts and the stats both ask), with the count it was worked out at. */
const densestCache = new WeakMap<AlertGroup, { at: number; densest: { count: number; start: number } }>();

/** The densest span of a threshold rule's group: its most matches (or distinct values) within the threshold window. */
const densestOf = (group: AlertGroup): { count: number; start: number } => {
  const cached = densestCache.get(group);
  if (cached !== undefined && cached.at === group.count) return cached.densest;
  const threshold = group.rule.threshold as NonNullable<CompiledRule['threshold']>;
  const densest = threshold.distinct
    ? densestDistinctWindow(group.times ?? [], group.values ?? [], threshold.windowMs, group.distinct?.size ?? 0)
    : densestWindow(
        (group.times ?? []).filter(Number.isFinite).sort((a, b) => a - b),
        threshold.windowMs
      );
  densestCache.set(group, { at: group.count, densest });
  return densest;
};

/** Whether a group alerts: always, unless a threshold rule's group did not reach its count. */
const qualifies = (group: AlertGroup): boolean =>
  group.rule.threshold === undefined || densestOf(group).count >= group.rule.threshold.count;

/**
 * The draft of a group that qualifies: the fields {@link toAlert} gives, its alert built once, when asked.
 * @param place - fields the built alert ends with
 */
const draftOf = (
  group: AlertGroup,
  enricher: IpEnricher | undefined,
  place: { s3Key: string; bucket: string } | undefined
): AlertDraft => {
  let built: Alert | undefined;
  return {
    category: 'detection',
    ruleId: group.rule.meta.id,
    dedupKey: group.key,
    count: group.count,
    firstSeen: group.first.eventTime,
    lastSeen: group.last.eventTime,
    firstSeenMs: group.first.time,
    lastSeenMs: group.last.time,
    eventIds: group.earliest.map((s) => s.eventId),
    severity: group.severity ?? group.rule.meta.severity,
    alert: () => {
      if (built === undefined) {
        const alert = toAlert(group, enricher) as Alert;
        built = place === undefined ? alert : { ...alert, s3Key: place.s3Key, bucket: place.bucket };
      }
      return built;
    },
  };
};

/**
 * The alert of a group, or undefined when a threshold rule's group did not reach its count.
 * @param group - the group
 * @param enricher - adds `context.sourceIPAddress` from the sample's address
 */
export const toAlert = (group: AlertGroup, enricher?: IpEnricher): Alert | undefined => {
  const { rule } = group;
  let windowStart = group.windowStart;
  let details: Record<string, unknown> = {
    dedupKey: group.key,
    window: formatDuration(rule.windowMs),
    form: rule.meta.form,
  };
  if (rule.threshold) {
    const distinct = rule.threshold.distinct;
    const densest = densestOf(group);
    // Before the sample is decoded: most groups of a threshold rule never reach the count.
    if (densest.count < rule.threshold.count) return undefined;
    windowStart = windowStartOf(densest.start, rule.threshold.windowMs);
    details = {
      ...details,
      window: formatDuration(rule.threshold.windowMs),
      threshold: {
        count: rule.threshold.count,
        window: formatDuration(rule.threshold.windowMs),
        ...(distinct ? { distinct: distinct.paths } : {}),
        maxInWindow: densest.count,
      },
    };
  }
  let sample: CloudTrailRecord;
  try {
    // Alerts travel to mailboxes, chat and SIEMs: the sample keeps no credential, token or password.
    sample = redactSensitiveFields(group.sample());
  } catch {
    // The sample's JSON is broken beyond the fields the rule read: alert without it.
    sample = {};
  }
  if (rule.meta.sigma) details = { ...details, sigma: rule.meta.sigma };
  const principal = principalArn(sample);
  const ipContext = enricher?.lookup(sample.sourceIPAddress);
  const account = accountOf(sample);
  return {
    // Anchored on the group's earliest event as well as the window: two files of the same hour
    // with different matching events give two alerts (neither swallows the other when consumers
    // de-duplicate on id), while re-processing a file, or the EventBridge path seeing that
    // earliest event, gives this same id.
    id: alertId(rule.meta.id, group.key, `${windowStart ?? 'unknown'}\u0000${group.first.eventId}`),
    category: 'detection',
    ruleId: rule.meta.id,
    title: rule.meta.title,
    ...(rule.meta.description ? { description: rule.meta.description } : {}),
    severity: group.severity ?? rule.meta.severity,
    tags: [...rule.meta.tags],
    ...(account ? { account } : {}),
    ...(sample.awsRegion ? { region: sample.awsRegion } : {}),
    ...(principal ? { principal } : {}),
    ...(sample.sourceIPAddress !== undefined ? { sourceIPAddress: sample.sourceIPAddress } : {}),
    ...(ipContext ? { context: { sourceIPAddress: { ...ipContext } } } : {}),
    ...(sample.eventSource ? { eventSource: sample.eventSource } : {}),
    ...(sample.eventName ? { eventName: sample.eventName } : {}),
    ...(group.resources.size > 0 ? { resources: [...group.resources].sort() } : {}),
    count: group.count,
    firstSeen: group.first.eventTime,
    lastSeen: group.last.eventTime,
    eventIds: group.earliest.map((s) => s.eventId),
    ...(Object.keys(sample).length > 0 ? { sample } : {}),
    details: { ...details, windowStart: windowStart ?? 'unknown' },
  };
};
