import type { Alert } from '../../model/alert.js';
import { deepFreeze } from '../../model/deep-freeze.js';
import { rememberedKeys } from '../../model/remembered-keys.js';
import type {
  CorrelationMatch,
  FiredWindow,
  KeptMatch,
  MatchGroup,
  StoredCorrelation,
} from '../../model/correlation.js';
import { MAX_ALERT_EVENT_IDS } from '../constants.js';
import { alertId } from '../engine/alert-id.js';
import { formatDuration } from '../engine/duration.js';
import type { Parent } from './correlation-graph.js';
import { eventIdAt, MatchBook, packUuid, uuidAt } from './match-book.js';
import type { CorrelationCondition, CorrelationRule } from './types.js';

/**
 * The most matches one correlation keeps for one group. Past it the oldest go first, so a
 * count condition above it could never be judged: the loader refuses conditions over it.
 */
export const MAX_KEPT_MATCHES = 1000;

/** The most fired windows one group remembers (the newest). */
const MAX_FIRED = 20;

/** How long a state outlives its last write (wall clock), beyond its timespan. */
const RETAIN_MS = 24 * 3600_000;

/** The most state keys {@link correlationKey} remembers before it forgets them all. */
const MAX_REMEMBERED_KEYS = 50_000;

/**
 * Where the store keeps one correlation's state for one group: sha256(correlationId ␀ groupKey)[0:32].
 * Remembered, so the groups a run meets in file after file are hashed once.
 */
export const correlationKey: (correlationId: string, groupKey: string) => string = rememberedKeys(MAX_REMEMBERED_KEYS);

/** Whether every operator of a condition holds for a measure. */
export const conditionHolds = (condition: CorrelationCondition, measure: number): boolean =>
  (condition.gt === undefined || measure > condition.gt) &&
  (condition.gte === undefined || measure >= condition.gte) &&
  (condition.lt === undefined || measure < condition.lt) &&
  (condition.lte === undefined || measure <= condition.lte) &&
  (condition.eq === undefined || measure === condition.eq);

/**
 * Whether a condition can only become true as matches arrive (gt, gte): such windows fire as
 * soon as reached; the others (lt, lte, eq, ranges) are judged once their timespan has passed.
 */
export const isMonotonic = (condition: CorrelationCondition): boolean =>
  condition.lt === undefined && condition.lte === undefined && condition.eq === undefined;

/** The condition a correlation is judged by: temporal ones without one need all their rules. */
export const effectiveCondition = (
  rule: Pick<CorrelationRule, 'type' | 'condition' | 'rules'>
): CorrelationCondition =>
  (rule.type === 'temporal' || rule.type === 'temporal_ordered') && Object.keys(rule.condition).length === 0
    ? { gte: rule.rules.length }
    : rule.condition;

/**
 * The measure of a sliding window [lo, hi) over the sorted matches (their rule and value by
 * position), kept as both ends move forward (neither ever moves back), so judging every window of
 * a group costs one pass, not one pass per window: a file can hand one group hundreds of
 * thousands of matches.
 */
const slidingMeasure = (rule: CorrelationRule, kept: KeptView): ((lo: number, hi: number) => number) => {
  if (rule.type === 'event_count') return (lo, hi) => hi - lo;
  if (rule.type === 'temporal_ordered')
    // The longest prefix of `rules` seen in order: a greedy walk is optimal for a subsequence.
    return (lo, hi) => {
      let next = 0;
      for (let k = lo; k < hi; k++) if (kept.r(k) === next) next++;
      return next;
    };
  const keyOf = rule.type === 'value_count' ? kept.v : kept.r;
  const counts = new Map<string | number, number>();
  let from = 0;
  let to = 0;
  return (lo, hi) => {
    for (; to < hi; to++) {
      const key = keyOf(to);
      if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (; from < lo; from++) {
      const key = keyOf(from);
      if (key === undefined) continue;
      const left = (counts.get(key) ?? 0) - 1;
      if (left > 0) counts.set(key, left);
      else counts.delete(key);
    }
    return counts.size;
  };
};

/**
 * What folding one source's matches into one group's state gives: the state to write, the alerts
 * it fired, and (chains) the matches those firings make in the correlations that reference this one.
 */
export type CorrelationFold = { next: StoredCorrelation; alerts: Alert[]; chained: CorrelationMatch[] };

/**
 * Folds one source's matches of one (correlation, group) into the group's state and judges its
 * windows. A window starts at each kept match (lt/lte/eq: at the first match past the previous
 * window, so windows tumble) and spans `timespan` of eventTime; a window fires
 * when its measure meets the condition and it overlaps no window that fired before, so a burst
 * fires once whichever files carry it and in whatever order they come. Conditions that only grow
 * (gt, gte) fire as soon as reached; the others are judged once the window is closed: a later
 * match of the group lies past its end, or `watermark` (the run's newest eventTime, or +Infinity
 * at the end of a run that keeps no state) does.
 *
 * Matches older than the group's newest minus the timespan are pruned, and at most
 * MAX_KEPT_MATCHES are kept. Matches without an eventTime are not kept. The same (eventID,
 * rule) counts once, so a record CloudTrail delivered in two files counts once.
 *
 * @param rule - the correlation
 * @param stored - the group's state as read (undefined: none, or expired)
 * @param matches - the source's matches of this group, one by one or in columns (MatchGroup)
 * @param options - the source's name, the watermark, and the wall clock (for expiry)
 */
export const foldCorrelation = (
  rule: CorrelationRule,
  stored: StoredCorrelation | undefined,
  matches: readonly CorrelationMatch[] | MatchGroup,
  options: {
    source: string;
    groupKey: string;
    /** The state's key, when the caller has it (else worked out: {@link correlationKey}). */
    key?: string;
    watermark?: number;
    nowMs: number;
    parents?: readonly Parent[];
  }
): CorrelationFold => {
  const { groupKey, source, nowMs } = options;
  const storedMatches = stored?.matches ?? [];
  const group = isGroup(matches) ? matches : groupOf(matches);
  // Frozen like the matches this fold keeps (a store that freezes nothing hands them over as
  // read; the matches a fold kept are frozen already).
  if (!packedOfKept.has(storedMatches)) for (const m of storedMatches) deepFreeze(m);
  const kept = keptView(storedMatches, group);
  // The state's context, else (a new state) the group's: its first match with an eventTime, which
  // is kept (nothing is kept before it to repeat it).
  const context = stored?.context ?? (kept.length > storedMatches.length ? group.context : undefined);
  const span = rule.timespanMs;
  const condition = effectiveCondition(rule);
  const monotonic = isMonotonic(condition);
  const newest = kept.length > 0 ? kept.t(kept.length - 1) : Number.NEGATIVE_INFINITY;
  const closedUpTo = Math.max(newest, options.watermark ?? Number.NEGATIVE_INFINITY);
  const firedBefore = stored?.fired ?? [];
  // Copied once a window fires here.
  let fired: readonly FiredWindow[] = firedBefore;
  const alerts: Alert[] = [];
  const chained: CorrelationMatch[] = [];
  let end = 0;
  // lt/lte/eq windows tumble from the group's first match (a window starts at the first match
  // past the previous window's end): a later start inside a busy window would see fewer matches.
  let nextTumble = Number.NEGATIVE_INFINITY;
  const measureAt = slidingMeasure(rule, kept);
  for (let start = 0; start < kept.length; start++) {
    const anchorT = kept.t(start);
    if (start > 0 && anchorT === kept.t(start - 1)) continue;
    if (!monotonic) {
      if (anchorT < nextTumble) continue;
      nextTumble = anchorT + span;
    }
    if (overlapsFired(fired, anchorT, span)) continue;
    if (!monotonic && anchorT + span > closedUpTo) continue;
    end = Math.max(end, start);
    while (end < kept.length && kept.t(end) < anchorT + span) end++;
    const measure = measureAt(start, end);
    if (!conditionHolds(condition, measure)) continue;
    const alert = correlationAlert(rule, groupKey, kept, start, end, measure, context ?? {});
    // A chain: the window counts in each correlation above as one event, at its last match.
    const lastC = kept.c(end - 1);
    const up = (options.parents ?? []).map(
      (p): CorrelationMatch => ({
        correlationId: p.id,
        groupKey: lastC?.[p.id] ?? '',
        rule: p.index,
        time: kept.t(end - 1),
        eventId: kept.e(end - 1),
        context: context ?? {},
        ...(lastC !== undefined ? { chain: lastC } : {}),
      })
    );
    fired = [
      ...fired,
      deepFreeze({
        start: anchorT,
        startId: kept.e(start),
        source,
        alert,
        ...(up.length > 0 ? { chained: up } : {}),
      }),
    ];
    alerts.push(alert);
    chained.push(...up);
  }
  const horizon = newest - span;
  // Sorted by time: the matches before the horizon, and past the most kept, are a prefix.
  let cut = Math.max(0, kept.length - MAX_KEPT_MATCHES);
  while (cut < kept.length && kept.t(cut) < horizon) cut++;
  const pruned = kept.keep(cut);
  const firedKept = keptFired(fired, horizon - span);
  return {
    // Frozen through and through, sharing the frozen parts of the state read: nobody can change
    // it once handed back, so a store may keep it as it is.
    next: Object.freeze({
      key: options.key ?? correlationKey(rule.id, groupKey),
      correlationId: rule.id,
      groupKey,
      matches: pruned as KeptMatch[],
      fired: firedKept as FiredWindow[],
      context: deepFreeze(context ?? {}),
      version: (stored?.version ?? 0) + 1,
      expiresAt: Math.ceil((nowMs + span + RETAIN_MS) / 1000),
    }),
    alerts,
    chained,
  };
};

/** Whether a fold's matches come as a group's columns. */
const isGroup = (matches: readonly CorrelationMatch[] | MatchGroup): matches is MatchGroup => !Array.isArray(matches);

/** One group's matches given one by one, in columns. */
const groupOf = (matches: readonly CorrelationMatch[]): MatchGroup => {
  const book = new MatchBook();
  const group = book.group('', '');
  for (const m of matches) book.add(group, m.time, m.eventId, m.rule, m.value, m.chain, () => m.context);
  return group;
};

/**
 * A state's kept matches and a source's new ones, each (eventID, rule) once and sorted by
 * (eventTime, eventID, rule), read by position: what a fold judges its windows over, without an
 * object per new match (only those the state keeps become objects).
 */
type KeptView = {
  length: number;
  t: (k: number) => number;
  e: (k: number) => string;
  r: (k: number) => number;
  v: (k: number) => string | undefined;
  c: (k: number) => Record<string, string> | undefined;
  /** The matches from position `cut` on, as the state keeps them: frozen, in a frozen array. */
  keep: (cut: number) => readonly KeptMatch[];
};

/**
 * The eventIDs of the matches a fold kept, packed as a group packs them (every one a lowercase
 * UUID), by the frozen array it kept them in: the next fold of that state need not pack them again.
 */
const packedOfKept = new WeakMap<readonly KeptMatch[], Uint32Array>();

/**
 * The kept matches of one fold ({@link KeptView}). The state's matches stay as read (one kept twice
 * stays twice); a new match whose (eventID, rule) the state or an earlier new match has is left
 * out, as is one without an eventTime. Ties keep the state's matches first, in their order.
 * @param stored - the state's kept matches
 * @param group - the source's matches of the group
 */
const keptView = (stored: readonly KeptMatch[], group: MatchGroup): KeptView => {
  const s = stored.length;
  const n = s + group.count;
  // Entries: the state's matches (0 to s - 1), then the group's.
  const times = new Float64Array(n);
  const rules = new Int32Array(n);
  for (let j = 0; j < s; j++) {
    const m = stored[j] as KeptMatch;
    times[j] = m.t;
    rules[j] = m.r;
  }
  times.set(group.times.subarray(0, group.count), s);
  rules.set(group.rules.subarray(0, group.count), s);
  // EventIDs as four numbers each (they compare as the texts do) when all are lowercase UUIDs.
  let words: Uint32Array | undefined = group.eventIdTexts === undefined ? new Uint32Array(4 * n) : undefined;
  if (words !== undefined) {
    const known = packedOfKept.get(stored);
    if (known !== undefined) words.set(known);
    else
      for (let j = 0; j < s; j++)
        if (!packUuid((stored[j] as KeptMatch).e, words, 4 * j)) {
          words = undefined;
          break;
        }
  }
  if (words !== undefined) words.set(group.eventIds.subarray(0, 4 * group.count), 4 * s);
  const texts =
    words === undefined
      ? Array.from({ length: n }, (_, x) => (x < s ? (stored[x] as KeptMatch).e : eventIdAt(group, x - s)))
      : undefined;
  const idOf = (x: number): string =>
    x < s
      ? (stored[x] as KeptMatch).e
      : texts !== undefined
        ? (texts[x] as string)
        : uuidAt(words as Uint32Array, 4 * x);
  const packed = words;
  const compareIds =
    packed !== undefined
      ? (a: number, b: number): number => {
          for (let w = 0; w < 4; w++) {
            const d = (packed[4 * a + w] as number) - (packed[4 * b + w] as number);
            if (d !== 0) return d;
          }
          return 0;
        }
      : (a: number, b: number): number => {
          const x = (texts as string[])[a] as string;
          const y = (texts as string[])[b] as string;
          return x < y ? -1 : x > y ? 1 : 0;
        };
  // Each (eventID, rule) once: in id order, a new match right after an equal one goes.
  const order = new Int32Array(n);
  let m = 0;
  for (let x = 0; x < n; x++) if (x < s || Number.isFinite(times[x] as number)) order[m++] = x;
  const byId = order
    .slice(0, m)
    .sort((a, b) => compareIds(a, b) || (rules[a] as number) - (rules[b] as number) || a - b);
  const left = new Uint8Array(n);
  for (let k = 1; k < m; k++) {
    const a = byId[k - 1] as number;
    const b = byId[k] as number;
    if (b >= s && rules[a] === rules[b] && compareIds(a, b) === 0) left[b] = 1;
  }
  let count = 0;
  for (let k = 0; k < m; k++) if (left[order[k] as number] === 0) order[count++] = order[k] as number;
  const kept = order
    .subarray(0, count)
    .sort(
      (a, b) =>
        (times[a] as number) - (times[b] as number) ||
        compareIds(a, b) ||
        (rules[a] as number) - (rules[b] as number) ||
        a - b
    );
  const at = (k: number): number => kept[k] as number;
  return {
    length: count,
    t: (k) => times[at(k)] as number,
    e: (k) => idOf(at(k)),
    r: (k) => rules[at(k)] as number,
    v: (k) => {
      const x = at(k);
      return x < s ? (stored[x] as KeptMatch).v : group.values?.[x - s];
    },
    c: (k) => {
      const x = at(k);
      return x < s ? (stored[x] as KeptMatch).c : group.chains?.[x - s];
    },
    keep: (cut) => {
      const out: KeptMatch[] = [];
      for (let k = cut; k < count; k++) {
        const x = at(k);
        out.push(
          x < s
            ? (stored[x] as KeptMatch)
            : keptMatch(times[x] as number, idOf(x), rules[x] as number, group.values?.[x - s], group.chains?.[x - s])
        );
      }
      const pruned = Object.freeze(out);
      if (packed !== undefined) {
        const ids = new Uint32Array(4 * out.length);
        for (let k = cut; k < count; k++) ids.set(packed.subarray(4 * at(k), 4 * at(k) + 4), 4 * (k - cut));
        packedOfKept.set(pruned, ids);
      }
      return pruned;
    },
  };
};

/** Whether a window starting at `t` overlaps one that fired (starts less than `span` from it). */
const overlapsFired = (fired: readonly FiredWindow[], t: number, span: number): boolean => {
  for (const f of fired) if (Math.abs(t - f.start) < span) return true;
  return false;
};

/**
 * The fired windows a state keeps: those starting at or after `from`, the newest MAX_FIRED, frozen
 * (the list as it was when nothing changes: a list read is frozen by the store that kept it).
 */
const keptFired = (fired: readonly FiredWindow[], from: number): readonly FiredWindow[] => {
  if (fired.length <= MAX_FIRED && Object.isFrozen(fired) && fired.every((f) => f.start >= from && Object.isFrozen(f)))
    return fired;
  const kept = fired.filter((f) => f.start >= from).slice(-MAX_FIRED);
  for (const f of kept) deepFreeze(f);
  return Object.freeze(kept);
};

/** A match as a state keeps it, frozen, built in one shape per kind so that reading it stays fast. */
const keptMatch = (
  t: number,
  e: string,
  r: number,
  v: string | undefined,
  chain: Record<string, string> | undefined
): KeptMatch => {
  if (chain !== undefined) {
    const c = deepFreeze(chain);
    return Object.freeze(v !== undefined ? { t, e, r, v, c } : { t, e, r, c });
  }
  return Object.freeze(v !== undefined ? { t, e, r, v } : { t, e, r });
};

const iso = (t: number): string => new Date(t).toISOString();

/**
 * The alert of a window that fired: the correlation's id and title, the group key as dedup key
 * (so it folds into one incident per group), the window's earliest eventIDs, and an id
 * anchored on the window's first event.
 */
const correlationAlert = (
  rule: CorrelationRule,
  groupKey: string,
  kept: KeptView,
  start: number,
  end: number,
  measure: number,
  context: StoredCorrelation['context']
): Alert => {
  const windowStart = iso(kept.t(start));
  const eventIds: string[] = [];
  for (let k = start; k < Math.min(end, start + MAX_ALERT_EVENT_IDS); k++) eventIds.push(kept.e(k));
  return {
    id: alertId(rule.id, groupKey, `${windowStart}\u0000${kept.e(start)}`),
    category: 'detection',
    ruleId: rule.id,
    title: rule.title,
    ...(rule.description ? { description: rule.description } : {}),
    severity: rule.severity,
    tags: [...rule.tags],
    ...(context.account ? { account: context.account } : {}),
    ...(context.region ? { region: context.region } : {}),
    ...(context.principal ? { principal: context.principal } : {}),
    ...(context.sourceIPAddress !== undefined ? { sourceIPAddress: context.sourceIPAddress } : {}),
    count: end - start,
    firstSeen: windowStart,
    lastSeen: iso(kept.t(end - 1)),
    eventIds,
    details: {
      dedupKey: groupKey,
      window: formatDuration(rule.timespanMs),
      windowStart,
      form: rule.form,
      correlation: {
        type: rule.type,
        rules: [...rule.rules],
        timespan: formatDuration(rule.timespanMs),
        condition: effectiveCondition(rule),
        ...(rule.fields.length > 0 ? { fields: [...rule.fields] } : {}),
        value: measure,
      },
      ...(rule.sigma ? { sigma: rule.sigma } : {}),
    },
  };
};
