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
import { eventIdAt } from './match-book.js';
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

const before = (a: KeptMatch, b: KeptMatch): number => a.t - b.t || (a.e < b.e ? -1 : a.e > b.e ? 1 : a.r - b.r);

/** The measure a correlation compares to its condition, over one window's matches (sorted). */
const measureOf = (rule: CorrelationRule, window: readonly KeptMatch[]): number => {
  switch (rule.type) {
    case 'event_count':
      return window.length;
    case 'value_count':
      return new Set(window.flatMap((m) => (m.v === undefined ? [] : [m.v]))).size;
    case 'temporal':
      return new Set(window.map((m) => m.r)).size;
    case 'temporal_ordered': {
      // The longest prefix of `rules` seen in order: a greedy walk is optimal for a subsequence.
      let next = 0;
      for (const m of window) if (m.r === next) next++;
      return next;
    }
  }
};

/**
 * The measure of a sliding window [lo, hi) over sorted matches, kept as both ends move forward
 * (neither ever moves back), so judging every window of a group costs one pass, not one pass per
 * window: a file can hand one group hundreds of thousands of matches.
 */
const slidingMeasure = (rule: CorrelationRule, kept: readonly KeptMatch[]): ((lo: number, hi: number) => number) => {
  if (rule.type === 'temporal_ordered') return (lo, hi) => measureOf(rule, kept.slice(lo, hi));
  const keyOf = rule.type === 'value_count' ? (m: KeptMatch) => m.v : (m: KeptMatch) => m.r;
  const counts = new Map<string | number, number>();
  let from = 0;
  let to = 0;
  return (lo, hi) => {
    if (rule.type === 'event_count') return hi - lo;
    for (; to < hi; to++) {
      const key = keyOf(kept[to] as KeptMatch);
      if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (; from < lo; from++) {
      const key = keyOf(kept[from] as KeptMatch);
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
  // The ids of the matches a fold kept, handed on to the next fold of that state (taken, so a
  // fold judged again after a lost race builds them anew): each fold then works out the ids of
  // its own new and pruned matches only, and merges its new matches into the sorted ones kept.
  const handedOn = storedMatches.length >= HAND_ON_IDS_FROM ? idsOfKept.get(storedMatches) : undefined;
  if (handedOn !== undefined) idsOfKept.delete(storedMatches);
  // A few matches are told apart by looking through them, more by their ids: handed on, or
  // worked out here for a state read from elsewhere (one kept twice is kept twice, as read, and
  // then no ids are handed on: pruning one copy would forget the other).
  const few = handedOn === undefined && storedMatches.length + countOf(matches) <= FEW_MATCHES;
  let seen = handedOn;
  let unique = true;
  if (seen === undefined && !few) {
    seen = new Map();
    for (const m of storedMatches) if (!claimId(seen, m.e, m.r)) unique = false;
  }
  // Frozen like the matches this fold keeps (a store that freezes nothing hands them over as
  // read; the matches of handed-on ids were kept by a fold, frozen).
  if (handedOn === undefined) for (const m of storedMatches) deepFreeze(m);
  let context = stored?.context;
  const added: KeptMatch[] = [];
  /** Keeps a new match unless its (eventID, rule) is kept already; true when kept. */
  const add = (t: number, e: string, r: number, v: string | undefined, c: Record<string, string> | undefined) => {
    if (seen === undefined ? holds(storedMatches, e, r) || holds(added, e, r) : !claimId(seen, e, r)) return false;
    added.push(keptMatch(t, e, r, v, c));
    return true;
  };
  if (isGroup(matches)) {
    const { times, rules, values, chains } = matches;
    for (let i = 0; i < matches.count; i++) {
      const t = times[i] as number;
      if (!Number.isFinite(t)) continue;
      // The group's context is its first match's with an eventTime.
      if (add(t, eventIdAt(matches, i), rules[i] as number, values?.[i], chains?.[i])) context ??= matches.context;
    }
  } else
    for (const m of matches) {
      if (!Number.isFinite(m.time)) continue;
      if (add(m.time, m.eventId, m.rule, m.value, m.chain)) context ??= m.context;
    }
  // Kept matches are sorted (a fold keeps them so): the new ones merge in, unless a state read
  // from elsewhere is not.
  const kept =
    handedOn !== undefined || isSorted(storedMatches)
      ? mergeSorted(storedMatches, added.sort(before))
      : [...storedMatches, ...added].sort(before);
  const span = rule.timespanMs;
  const condition = effectiveCondition(rule);
  const monotonic = isMonotonic(condition);
  const newest = kept.length > 0 ? (kept[kept.length - 1] as KeptMatch).t : Number.NEGATIVE_INFINITY;
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
    const anchor = kept[start] as KeptMatch;
    if (start > 0 && anchor.t === (kept[start - 1] as KeptMatch).t) continue;
    if (!monotonic) {
      if (anchor.t < nextTumble) continue;
      nextTumble = anchor.t + span;
    }
    if (overlapsFired(fired, anchor.t, span)) continue;
    if (!monotonic && anchor.t + span > closedUpTo) continue;
    end = Math.max(end, start);
    while (end < kept.length && (kept[end] as KeptMatch).t < anchor.t + span) end++;
    const measure = measureAt(start, end);
    if (!conditionHolds(condition, measure)) continue;
    const window = kept.slice(start, end);
    const alert = correlationAlert(rule, groupKey, window, measure, context ?? {});
    // A chain: the window counts in each correlation above as one event, at its last match.
    const last = window[window.length - 1] as KeptMatch;
    const up = (options.parents ?? []).map(
      (p): CorrelationMatch => ({
        correlationId: p.id,
        groupKey: last.c?.[p.id] ?? '',
        rule: p.index,
        time: last.t,
        eventId: last.e,
        context: context ?? {},
        ...(last.c !== undefined ? { chain: last.c } : {}),
      })
    );
    fired = [
      ...fired,
      deepFreeze({ start: anchor.t, startId: anchor.e, source, alert, ...(up.length > 0 ? { chained: up } : {}) }),
    ];
    alerts.push(alert);
    chained.push(...up);
  }
  const horizon = newest - span;
  // Sorted by time: the matches before the horizon, and past the most kept, are a prefix.
  let cut = Math.max(0, kept.length - MAX_KEPT_MATCHES);
  while (cut < kept.length && (kept[cut] as KeptMatch).t < horizon) cut++;
  const pruned = Object.freeze(cut === 0 ? kept : kept.slice(cut));
  if (unique && pruned.length >= HAND_ON_IDS_FROM)
    idsOfKept.set(pruned, seen !== undefined && cut <= pruned.length ? forgetIds(seen, kept, cut) : idsOf(pruned));
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

/** How many matches a fold is handed. */
const countOf = (matches: readonly CorrelationMatch[] | MatchGroup): number =>
  isGroup(matches) ? matches.count : matches.length;

/** The (eventID, rule) pairs of a state's kept matches: by eventID, the rule or rules matched. */
type KeptIds = Map<string, number | number[]>;

/** Adds (eventId, rule) to `ids`; false when it was there already. */
const claimId = (ids: KeptIds, eventId: string, rule: number): boolean => {
  const rules = ids.get(eventId);
  if (rules === undefined) ids.set(eventId, rule);
  else if (rules === rule || (typeof rules !== 'number' && rules.includes(rule))) return false;
  else if (typeof rules === 'number') ids.set(eventId, [rules, rule]);
  else rules.push(rule);
  return true;
};

/** The ids of `kept`, each kept once. */
const idsOf = (kept: readonly KeptMatch[]): KeptIds => {
  const ids: KeptIds = new Map();
  for (const m of kept) claimId(ids, m.e, m.r);
  return ids;
};

/** `ids` without those of `kept`'s first `count` matches (each in `ids` once). */
const forgetIds = (ids: KeptIds, kept: readonly KeptMatch[], count: number): KeptIds => {
  for (let i = 0; i < count; i++) {
    const { e, r } = kept[i] as KeptMatch;
    const rules = ids.get(e);
    if (typeof rules === 'number') ids.delete(e);
    else if (rules !== undefined) {
      const at = rules.indexOf(r);
      if (at >= 0) rules.splice(at, 1);
      if (rules.length === 0) ids.delete(e);
    }
  }
  return ids;
};

/**
 * The ids of the matches a fold kept, by the frozen array it kept them in: taken over by the next
 * fold of that state, which then need not work them out again.
 */
const idsOfKept = new WeakMap<readonly KeptMatch[], KeptIds>();

/** Whether every match of `kept` comes after the one before it ({@link before}). */
const isSorted = (kept: readonly KeptMatch[]): boolean => {
  for (let i = 1; i < kept.length; i++)
    if (!(before(kept[i - 1] as KeptMatch, kept[i] as KeptMatch) <= 0)) return false;
  return true;
};

/** Whether a window starting at `t` overlaps one that fired (starts less than `span` from it). */
const overlapsFired = (fired: readonly FiredWindow[], t: number, span: number): boolean => {
  for (const f of fired) if (Math.abs(t - f.start) < span) return true;
  return false;
};

/** Up to this many matches (kept and new), a fold tells them apart by looking through them. */
const FEW_MATCHES = 32;

/** Whether `kept` holds a match of (eventId, rule). */
const holds = (kept: readonly KeptMatch[], eventId: string, rule: number): boolean => {
  for (const m of kept) if (m.r === rule && m.e === eventId) return true;
  return false;
};

/** Below this many kept matches a fold works their ids out again rather than hand them on. */
const HAND_ON_IDS_FROM = 64;

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

/**
 * Two lists sorted by {@link before} as one sorted list (what sorting them together gives: no two
 * kept matches compare equal).
 */
const mergeSorted = (sorted: readonly KeptMatch[], more: readonly KeptMatch[]): KeptMatch[] => {
  const last = sorted[sorted.length - 1];
  const first = more[0];
  if (last === undefined || first === undefined || before(last, first) < 0) return [...sorted, ...more];
  const out: KeptMatch[] = [];
  let i = 0;
  let j = 0;
  while (i < sorted.length && j < more.length)
    out.push(
      before(sorted[i] as KeptMatch, more[j] as KeptMatch) <= 0 ? (sorted[i++] as KeptMatch) : (more[j++] as KeptMatch)
    );
  while (i < sorted.length) out.push(sorted[i++] as KeptMatch);
  while (j < more.length) out.push(more[j++] as KeptMatch);
  return out;
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
  window: readonly KeptMatch[],
  measure: number,
  context: StoredCorrelation['context']
): Alert => {
  const first = window[0] as KeptMatch;
  const last = window[window.length - 1] as KeptMatch;
  const windowStart = iso(first.t);
  return {
    id: alertId(rule.id, groupKey, `${windowStart}\u0000${first.e}`),
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
    count: window.length,
    firstSeen: windowStart,
    lastSeen: iso(last.t),
    eventIds: window.slice(0, MAX_ALERT_EVENT_IDS).map((m) => m.e),
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
