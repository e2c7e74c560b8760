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
  if (rule.type === 'event_count') return matchesIn;
  if (rule.type === 'temporal_ordered')
    // The longest prefix of `rules` seen in order: a greedy walk is optimal for a subsequence.
    return (lo, hi) => {
      let next = 0;
      for (let k = lo; k < hi; k++) if (kept.r(k) === next) next++;
      return next;
    };
  const values = rule.type === 'value_count';
  const counts = new Map<string | number, number>();
  let from = 0;
  let to = 0;
  return (lo, hi) => {
    for (; to < hi; to++) {
      const key = values ? kept.v(to) : kept.r(to);
      if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (; from < lo; from++) {
      const key = values ? kept.v(from) : kept.r(from);
      if (key === undefined) continue;
      const left = (counts.get(key) ?? 0) - 1;
      if (left > 0) counts.set(key, left);
      else counts.delete(key);
    }
    return counts.size;
  };
};

/** An event_count window's measure: its matches. */
const matchesIn = (lo: number, hi: number): number => hi - lo;

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
  options: FoldOptions
): CorrelationFold => fold(rule, stored, isGroup(matches) ? matches : groupOf(matches), options, false);

/** How {@link foldCorrelation} folds: the source, the state's group key and key, the watermark, the clock. */
export type FoldOptions = {
  source: string;
  groupKey: string;
  /** The state's key, when the caller has it (else worked out: {@link correlationKey}). */
  key?: string;
  watermark?: number;
  nowMs: number;
  parents?: readonly Parent[];
};

/**
 * {@link foldCorrelation} into a state only the caller holds (the CLI's memory store keeps what
 * LocalCorrelationStore.foldNow folds): the same state, alerts and chained matches, the state
 * changed in place and handed back as `next` (its kept matches merged into and pruned from the
 * same array) rather than copied and frozen per source. A state that is frozen (read from a file,
 * or written by a promised fold), none, or a fold of more new matches than an object fold takes
 * goes through {@link foldCorrelation}, and `next` is then a copy the caller may keep changing.
 * @param stored - the state, as the previous fold in place left it (never shared with anyone else)
 */
export const foldCorrelationInPlace = (
  rule: CorrelationRule,
  stored: StoredCorrelation | undefined,
  group: MatchGroup,
  options: FoldOptions
): CorrelationFold => {
  if (
    stored !== undefined &&
    !Object.isFrozen(stored) &&
    !Object.isFrozen(stored.matches) &&
    group.count <= OBJECTS_UP_TO
  )
    return fold(rule, stored, group, options, true);
  const folded = fold(rule, stored, group, options, false);
  return { ...folded, next: { ...folded.next, matches: [...folded.next.matches] } };
};

/**
 * {@link foldCorrelation}, or in place ({@link foldCorrelationInPlace}: `stored` is the caller's
 * own, its matches an unfrozen sorted array, and the group's matches few enough for objects).
 */
const fold = (
  rule: CorrelationRule,
  stored: StoredCorrelation | undefined,
  group: MatchGroup,
  options: FoldOptions,
  inPlace: boolean
): CorrelationFold => {
  const { groupKey, source, nowMs } = options;
  const storedMatches: readonly KeptMatch[] = stored?.matches ?? NO_MATCHES;
  // Frozen like the matches this fold keeps (a store that freezes nothing hands them over as
  // read; the matches a fold kept come frozen, in the frozen array it kept them in, or in the
  // array of a state folded in place).
  if (!inPlace && !Object.isFrozen(storedMatches)) for (const m of storedMatches) deepFreeze(m);
  const kept =
    group.count <= OBJECTS_UP_TO ? keptObjects(storedMatches, group, inPlace) : keptView(storedMatches, group);
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
  // No window holds more than all the matches kept, and a window's measure (matches, distinct
  // values or rules, rules in order) never exceeds its matches: a gt/gte condition that all of
  // them would not meet fires no window (a small file's fold into a state of a few matches).
  const reachable = !monotonic || conditionHolds(condition, kept.length);
  const measureAt = reachable ? slidingMeasure(rule, kept) : matchesIn;
  for (let start = 0; reachable && start < kept.length; start++) {
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
    // concat, not a spread: the windows read are a frozen array (see keptObjects).
    fired = fired.concat(
      deepFreeze({
        start: anchorT,
        startId: kept.e(start),
        source,
        alert,
        ...(up.length > 0 ? { chained: up } : {}),
      })
    );
    alerts.push(alert);
    chained.push(...up);
  }
  const horizon = newest - span;
  // Sorted by time: the matches before the horizon, and past the most kept, are a prefix.
  let cut = Math.max(0, kept.length - MAX_KEPT_MATCHES);
  while (cut < kept.length && kept.t(cut) < horizon) cut++;
  const pruned = kept.keep(cut);
  const firedKept = keptFired(fired, horizon - span);
  if (inPlace) {
    // The caller's own state: the same object, its matches the same array, pruned in place.
    const state = stored as StoredCorrelation;
    state.matches = pruned as KeptMatch[];
    state.fired = firedKept as FiredWindow[];
    state.context = deepFreeze(context ?? {});
    state.version += 1;
    state.expiresAt = Math.ceil((nowMs + span + RETAIN_MS) / 1000);
    return { next: state, alerts, chained };
  }
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

/** No kept matches (shared, never changed). */
const NO_MATCHES: readonly KeptMatch[] = Object.freeze([]);

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
 * Up to this many new matches, a fold works on objects (one KeptMatch per new match, the state's
 * (eventID, rule) pairs handed on in a map): a file's few matches are merged into a state's
 * thousand at the cost of the few. Past it, on positions in the columns ({@link keptView}).
 */
const OBJECTS_UP_TO = 2048;

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
  for (let i = 0; i < kept.length; i++) claimId(ids, (kept[i] as KeptMatch).e, (kept[i] as KeptMatch).r);
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
 * The ids of the matches an object fold kept, by the frozen array it kept them in: taken over by
 * the next fold of that state, which then need not work them out again.
 */
const idsOfKept = new WeakMap<readonly KeptMatch[], KeptIds>();

/** Below this many kept matches a fold works their ids out again rather than hand them on. */
const HAND_ON_IDS_FROM = 64;

/** Up to this many matches (kept and new), a fold tells them apart by looking through them. */
const FEW_MATCHES = 32;

/** Whether `kept` holds a match of (eventId, rule). */
const holdsMatch = (kept: readonly KeptMatch[], eventId: string, rule: number): boolean => {
  for (let i = 0; i < kept.length; i++) {
    const m = kept[i] as KeptMatch;
    if (m.r === rule && m.e === eventId) return true;
  }
  return false;
};

const before = (a: KeptMatch, b: KeptMatch): number => a.t - b.t || (a.e < b.e ? -1 : a.e > b.e ? 1 : a.r - b.r);

/** Whether every match of `kept` comes after the one before it ({@link before}). */
const isSorted = (kept: readonly KeptMatch[]): boolean => {
  for (let i = 1; i < kept.length; i++)
    if (!(before(kept[i - 1] as KeptMatch, kept[i] as KeptMatch) <= 0)) return false;
  return true;
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

/**
 * {@link keptView} for a group of few matches, on objects: the same matches in the same order.
 * @param stored - the state's kept matches
 * @param group - the source's matches of the group
 */
const keptObjects = (stored: readonly KeptMatch[], group: MatchGroup, inPlace: boolean): KeptView => {
  // Kept matches are frozen arrays, which V8's optimised for…of does not walk without making an
  // iterator result per element: the loops over them here count instead.
  const handedOnIds = stored.length >= HAND_ON_IDS_FROM ? idsOfKept.get(stored) : undefined;
  if (handedOnIds !== undefined) idsOfKept.delete(stored);
  // A few matches are told apart by looking through them, more by their ids: handed on, or
  // worked out here (one kept twice is kept twice, as read, and then no ids are handed on:
  // pruning one copy would forget the other).
  const few = handedOnIds === undefined && stored.length + group.count <= FEW_MATCHES;
  let seen = handedOnIds;
  let unique = true;
  if (seen === undefined && !few) {
    seen = new Map();
    for (let i = 0; i < stored.length; i++) {
      const m = stored[i] as KeptMatch;
      if (!claimId(seen, m.e, m.r)) unique = false;
    }
  }
  const added: KeptMatch[] = [];
  const { times, rules, values, chains } = group;
  for (let i = 0; i < group.count; i++) {
    const t = times[i] as number;
    if (!Number.isFinite(t)) continue;
    const e = eventIdAt(group, i);
    const r = rules[i] as number;
    if (seen === undefined ? holdsMatch(stored, e, r) || holdsMatch(added, e, r) : !claimId(seen, e, r)) continue;
    added.push(keptMatch(t, e, r, values?.[i], chains?.[i]));
  }
  // Kept matches are sorted (a fold keeps them so): the new ones merge in, unless a state read
  // from elsewhere is not. In place, into the state's own array (sorted: a fold made it).
  // A file's matches of a group mostly come in eventTime order already: sorting them anyway
  // would copy them into a work array for every fold.
  if (!isSorted(added)) added.sort(before);
  const kept = inPlace
    ? mergeInto(stored as KeptMatch[], added)
    : handedOnIds !== undefined || isSorted(stored)
      ? mergeSorted(stored, added)
      : [...stored, ...added].sort(before);
  return new KeptObjects(kept, seen, unique, inPlace);
};

/** {@link mergeSorted} into `sorted` itself: appended when the new ones all come after it. */
const mergeInto = (sorted: KeptMatch[], more: readonly KeptMatch[]): KeptMatch[] => {
  if (more.length === 0) return sorted;
  const last = sorted[sorted.length - 1];
  if (last === undefined || before(last, more[0] as KeptMatch) < 0) {
    for (let i = 0; i < more.length; i++) sorted.push(more[i] as KeptMatch);
    return sorted;
  }
  const merged = mergeSorted(sorted, more);
  for (let i = 0; i < merged.length; i++) sorted[i] = merged[i] as KeptMatch;
  return sorted;
};

/**
 * The kept matches of an object fold ({@link keptObjects}), read by position: a class, so that a
 * fold of a few matches makes one object here instead of a closure per reader.
 */
class KeptObjects implements KeptView {
  readonly length: number;
  readonly #kept: readonly KeptMatch[];
  readonly #seen: KeptIds | undefined;
  readonly #unique: boolean;
  readonly #inPlace: boolean;

  /**
   * @param kept - the matches, sorted
   * @param seen - their (eventID, rule) pairs, when worked out
   * @param unique - whether each (eventID, rule) is kept once
   * @param inPlace - whether `kept` is a state's own array, pruned in place
   */
  constructor(kept: readonly KeptMatch[], seen: KeptIds | undefined, unique: boolean, inPlace: boolean) {
    this.length = kept.length;
    this.#kept = kept;
    this.#seen = seen;
    this.#unique = unique;
    this.#inPlace = inPlace;
  }

  t(k: number): number {
    return (this.#kept[k] as KeptMatch).t;
  }

  e(k: number): string {
    return (this.#kept[k] as KeptMatch).e;
  }

  r(k: number): number {
    return (this.#kept[k] as KeptMatch).r;
  }

  v(k: number): string | undefined {
    return (this.#kept[k] as KeptMatch).v;
  }

  c(k: number): Record<string, string> | undefined {
    return (this.#kept[k] as KeptMatch).c;
  }

  keep(cut: number): readonly KeptMatch[] {
    const kept = this.#kept;
    if (this.#inPlace) {
      // The ids of what stays, worked out before the pruned ones leave the array.
      const left = kept.length - cut;
      const handOn = this.#unique && left >= HAND_ON_IDS_FROM;
      const ids = handOn && this.#seen !== undefined && cut <= left ? forgetIds(this.#seen, kept, cut) : undefined;
      if (cut > 0) (kept as KeptMatch[]).splice(0, cut);
      if (handOn) idsOfKept.set(kept, ids ?? idsOf(kept));
      return kept;
    }
    const pruned = Object.freeze(cut === 0 ? kept : kept.slice(cut));
    if (this.#unique && pruned.length >= HAND_ON_IDS_FROM)
      idsOfKept.set(
        pruned,
        this.#seen !== undefined && cut <= pruned.length ? forgetIds(this.#seen, kept, cut) : idsOf(pruned)
      );
    return pruned;
  }
}

/**
 * What a fold hands on to the next fold of the state it kept, by the frozen array of its kept
 * matches (every eventID a lowercase UUID, each (eventID, rule) once): their eventIDs packed as a
 * group packs them, and their positions in (eventID, rule) order. The next fold then tells its new
 * matches apart and merges them in without sorting the state's again (a state keeps up to a
 * thousand matches, a small file brings a few).
 */
type HandedOn = { words: Uint32Array; byId: number[] };
const handedOn = new WeakMap<readonly KeptMatch[], HandedOn>();

/**
 * The kept matches of one fold ({@link KeptView}). The state's matches stay as read (one kept twice
 * stays twice); a new match whose (eventID, rule) the state or an earlier new match has is left
 * out, as is one without an eventTime. Ties keep the state's matches first, in their order.
 * Entries 0 to s - 1 are the state's matches, the next ones the group's.
 * @param stored - the state's kept matches
 * @param group - the source's matches of the group
 */
const keptView = (stored: readonly KeptMatch[], group: MatchGroup): KeptView => {
  const s = stored.length;
  const n = s + group.count;
  const { times, rules, eventIds } = group;
  const timeOf = (x: number): number => (x < s ? (stored[x] as KeptMatch).t : (times[x - s] as number));
  const ruleOf = (x: number): number => (x < s ? (stored[x] as KeptMatch).r : (rules[x - s] as number));
  // EventIDs as four numbers each (they compare as the texts do) when all are lowercase UUIDs.
  const handed = group.eventIdTexts === undefined ? handedOn.get(stored) : undefined;
  let words = handed?.words;
  if (words === undefined && group.eventIdTexts === undefined) {
    words = new Uint32Array(4 * s);
    for (let j = 0; j < s; j++)
      if (!packUuid((stored[j] as KeptMatch).e, words, 4 * j)) {
        words = undefined;
        break;
      }
  }
  const storedWords = words;
  const texts =
    storedWords === undefined
      ? Array.from({ length: n }, (_, x) => (x < s ? (stored[x] as KeptMatch).e : eventIdAt(group, x - s)))
      : undefined;
  const idOf = (x: number): string =>
    x < s ? (stored[x] as KeptMatch).e : texts !== undefined ? (texts[x] as string) : uuidAt(eventIds, 4 * (x - s));
  const compareIds =
    storedWords !== undefined
      ? (a: number, b: number): number => {
          for (let w = 0; w < 4; w++) {
            const d =
              (a < s ? (storedWords[4 * a + w] as number) : (eventIds[4 * (a - s) + w] as number)) -
              (b < s ? (storedWords[4 * b + w] as number) : (eventIds[4 * (b - s) + w] as number));
            if (d !== 0) return d;
          }
          return 0;
        }
      : (a: number, b: number): number => {
          const x = (texts as string[])[a] as string;
          const y = (texts as string[])[b] as string;
          return x < y ? -1 : x > y ? 1 : 0;
        };
  // Each entry's eventTime and first eventID number at hand: most comparisons end there.
  const at0: number[] = [];
  const firstWord: number[] = [];
  for (let x = 0; x < n; x++) {
    at0.push(timeOf(x));
    firstWord.push(
      storedWords === undefined ? 0 : x < s ? (storedWords[4 * x] as number) : (eventIds[4 * (x - s)] as number)
    );
  }
  const byIdAndRule = (a: number, b: number): number =>
    (firstWord[a] as number) - (firstWord[b] as number) || compareIds(a, b) || ruleOf(a) - ruleOf(b);
  const inOrder = (a: number, b: number): number =>
    (at0[a] as number) - (at0[b] as number) || byIdAndRule(a, b) || a - b;
  // The kept entries in order, and again by (eventID, rule).
  let kept: number[];
  let byId: number[];
  let unique = true;
  if (handed !== undefined) {
    // The state's matches are sorted and told apart already: only the new ones are sorted.
    const fresh: number[] = [];
    for (let x = s; x < n; x++) if (Number.isFinite(times[x - s] as number)) fresh.push(x);
    fresh.sort((a, b) => byIdAndRule(a, b) || a - b);
    const added: number[] = [];
    for (let k = 0; k < fresh.length; k++) {
      const x = fresh[k] as number;
      if (k > 0 && byIdAndRule(fresh[k - 1] as number, x) === 0) continue;
      if (!holds(handed.byId, x, byIdAndRule)) added.push(x);
    }
    byId = mergeLists(handed.byId, added, byIdAndRule);
    added.sort(inOrder);
    kept = mergeLists(
      Array.from({ length: s }, (_, j) => j),
      added,
      inOrder
    );
  } else {
    const order: number[] = [];
    for (let x = 0; x < n; x++) if (x < s || Number.isFinite(times[x - s] as number)) order.push(x);
    const all = order.slice().sort((a, b) => byIdAndRule(a, b) || a - b);
    // Each (eventID, rule) once: a new match right after an equal one goes.
    const left = new Set<number>();
    byId = [];
    for (let k = 0; k < all.length; k++) {
      const x = all[k] as number;
      if (k > 0 && byIdAndRule(all[k - 1] as number, x) === 0) {
        if (x >= s) {
          left.add(x);
          continue;
        }
        unique = false;
      }
      byId.push(x);
    }
    kept = left.size === 0 ? order : order.filter((x) => !left.has(x));
    kept.sort(inOrder);
  }
  const count = kept.length;
  const at = (k: number): number => kept[k] as number;
  return {
    length: count,
    t: (k) => at0[at(k)] as number,
    e: (k) => idOf(at(k)),
    r: (k) => ruleOf(at(k)),
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
            : keptMatch(
                times[x - s] as number,
                idOf(x),
                rules[x - s] as number,
                group.values?.[x - s],
                group.chains?.[x - s]
              )
        );
      }
      const pruned = Object.freeze(out);
      if (storedWords !== undefined && unique) {
        // The kept entries' positions in the array kept, and their packed eventIDs.
        const position = new Map<number, number>();
        const ids = new Uint32Array(4 * out.length);
        for (let k = cut; k < count; k++) {
          const x = at(k);
          position.set(x, k - cut);
          if (x < s) ids.set(storedWords.subarray(4 * x, 4 * x + 4), 4 * (k - cut));
          else ids.set(eventIds.subarray(4 * (x - s), 4 * (x - s) + 4), 4 * (k - cut));
        }
        const prunedById: number[] = [];
        for (const x of byId) {
          const p = position.get(x);
          if (p !== undefined) prunedById.push(p);
        }
        handedOn.set(pruned, { words: ids, byId: prunedById });
      }
      return pruned;
    },
  };
};

/** Whether the state's matches (positions in `byId` order) hold one equal to entry `x`. */
const holds = (byId: readonly number[], x: number, compare: (a: number, b: number) => number): boolean => {
  let lo = 0;
  let hi = byId.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compare(byId[mid] as number, x);
    if (c === 0) return true;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return false;
};

/** Two sorted lists of entries as one sorted list, the first list's first on ties. */
const mergeLists = (
  a: readonly number[],
  b: readonly number[],
  compare: (x: number, y: number) => number
): number[] => {
  if (b.length === 0) return a.slice();
  const last = a[a.length - 1];
  if (last === undefined || compare(last, b[0] as number) <= 0) return a.concat(b);
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length)
    out.push(compare(a[i] as number, b[j] as number) <= 0 ? (a[i++] as number) : (b[j++] as number));
  while (i < a.length) out.push(a[i++] as number);
  while (j < b.length) out.push(b[j++] as number);
  return out;
};

/** Whether a window starting at `t` overlaps one that fired (starts less than `span` from it). */
const overlapsFired = (fired: readonly FiredWindow[], t: number, span: number): boolean => {
  for (let i = 0; i < fired.length; i++) if (Math.abs(t - (fired[i] as FiredWindow).start) < span) return true;
  return false;
};

const NO_FIRED: readonly FiredWindow[] = Object.freeze([]);

/**
 * The fired windows a state keeps: those starting at or after `from`, the newest MAX_FIRED, frozen
 * (the list as it was when nothing changes: a list read is frozen by the store that kept it).
 */
const keptFired = (fired: readonly FiredWindow[], from: number): readonly FiredWindow[] => {
  // Most states never fired: one shared empty list.
  if (fired.length === 0) return NO_FIRED;
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
