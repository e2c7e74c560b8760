import { incidentKey } from '../incidents/fold-incident.js';
import type { Alert } from '../model/alert.js';
import { type IpEnricher, withIpContext } from '../model/ip-context.js';
import type {
  CorrelationMatch,
  CorrelationStore,
  CorrelationWrite,
  LocalCorrelationStore,
  MatchGroup,
  StoredCorrelation,
} from '../model/correlation.js';
import { TrailwatchError } from '../model/errors.js';
import type { Clock } from '../model/ports.js';
import {
  type CorrelationFold,
  correlationGraph,
  type CorrelationRule,
  correlationKey,
  depthByDepth,
  foldCorrelation,
  foldCorrelationInPlace,
  isMonotonic,
  effectiveCondition,
  matchBookOf,
} from '../rules/index.js';

/** How many times a write that lost a race is read and folded again before the invocation fails. */
const MAX_ATTEMPTS = 8;

/** Writers kept losing the race for one correlation state: the invocation fails and is retried. */
export class CorrelationConflictError extends TrailwatchError {
  constructor(key: string) {
    super(`correlation state ${key}: the store kept changing under ${MAX_ATTEMPTS} attempts to fold into it`);
    this.name = 'CorrelationConflictError';
  }
}

/** What correlating needs: the correlations (RuleEngine.correlations) and where their states live. */
export type CorrelationDeps = {
  correlations: ReadonlyMap<string, CorrelationRule>;
  store: CorrelationStore;
  now?: Clock;
  /** Adds `context.sourceIPAddress` to the alerts fired (RuleEngine.enricher). */
  enricher?: IpEnricher;
};

type Group = {
  rule: CorrelationRule;
  groupKey: string;
  key: string;
  depth: number;
  matches: MatchGroup | readonly CorrelationMatch[];
};

/**
 * Folds one source's matches (a log file's: Detector.deferCorrelations) into the correlation
 * states, one read of them all and one conditional write per (correlation, group), all in one
 * `applyAll` where the store has it (one TransactWriteItems per 99 states on DynamoDB), else
 * issued together, and returns the alerts that fired. A source already folded into a state
 * changes nothing there and hands back the alerts it fired then (same ids), so a retried file
 * re-sends them and fires nothing new.
 * @param matches - the source's matches
 * @param source - names the source: applied once per state
 * @param deps - correlations and store
 * @param watermark - closes lt/lte/eq windows that end before it (the end-of-run judgement)
 * @throws CorrelationConflictError when a write keeps losing; the store's errors as they are
 */
export const correlateMatches = async (
  matches: readonly CorrelationMatch[],
  source: string,
  deps: CorrelationDeps,
  watermark?: number
): Promise<Alert[]> => correlateGroups(matchBookOf(matches).groups, source, deps, watermark);

/**
 * {@link correlateMatches} over the source's matches as a detector keeps them, by correlation
 * group in columns (Detector.deferMatchGroups), in the order of each group's first match.
 * @param groups - the source's match groups; the groups a chain's firings feed are added to
 * @param source - names the source: applied once per state
 * @param deps - correlations and store
 * @param watermark - closes lt/lte/eq windows that end before it (the end-of-run judgement)
 * @throws CorrelationConflictError when a write keeps losing; the store's errors as they are
 */
export const correlateGroups = async (
  groups: readonly MatchGroup[],
  source: string,
  deps: CorrelationDeps,
  watermark?: number
): Promise<Alert[]> => {
  // No match, no state to read or write (most sources of a correlation-free stretch).
  if (groups.length === 0) return [];
  const graph = correlationGraph(deps.correlations);
  const fired: Alert[] = [];
  if (!graph.chains) {
    // No correlation references another (the built-in pack): every group is at depth 0, none is
    // silenced and no firing feeds another, so the groups fold in one pass, as they come.
    for (const f of await foldAtDepth(groups, 0, source, deps, watermark)) for (const a of f.alerts) fired.push(a);
  } else {
    // Depth by depth, so a chain's upper correlation sees what its lower ones fired in this same
    // source, in the same single write per state.
    for (const step of depthByDepth(groups, graph)) {
      for (const f of await foldAtDepth(step.groups, step.depth, source, deps, watermark)) {
        for (const a of f.alerts) if (!graph.silenced(a.ruleId)) fired.push(a);
        step.feed(f.chained);
      }
    }
  }
  if (fired.length === 0) return fired;
  return sorted(fired).map((a) => withIpContext(a, deps.enricher));
};

/** {@link CorrelationDeps} over a store only this process writes (the CLI's). */
export type LocalCorrelationDeps = CorrelationDeps & { store: LocalCorrelationStore };

/**
 * {@link correlateGroups} over a store only this process writes (the CLI's memory store): the
 * same states, alerts and order, each state read, folded and written at once, without a promise,
 * map or list per source (a run folds thousands of small files, each a few groups).
 * @param groups - the source's match groups; the groups a chain's firings feed are added to
 * @param source - names the source: applied once per state
 * @param deps - correlations and store
 * @param watermark - closes lt/lte/eq windows that end before it (the end-of-run judgement)
 */
export const correlateGroupsNow = (
  groups: readonly MatchGroup[],
  source: string,
  deps: LocalCorrelationDeps,
  watermark?: number
): Alert[] => {
  if (groups.length === 0) return [];
  const graph = correlationGraph(deps.correlations);
  const nowMs = (deps.now?.() ?? new Date()).getTime();
  const fired: Alert[] = [];
  if (!graph.chains) {
    // As correlateGroups: every group at depth 0, none silenced, no firing feeds another.
    foldAtDepthNow(groups, source, deps, watermark, nowMs, (alerts) => {
      for (const a of alerts) fired.push(a);
    });
  } else {
    for (const step of depthByDepth(groups, graph))
      foldAtDepthNow(step.groups, source, deps, watermark, nowMs, (alerts, chained) => {
        for (const a of alerts) if (!graph.silenced(a.ruleId)) fired.push(a);
        step.feed(chained);
      });
  }
  if (fired.length === 0) return fired;
  return sorted(fired).map((a) => withIpContext(a, deps.enricher));
};

/**
 * {@link foldAtDepth} over a store only this process writes: each group's state read, folded and
 * written in turn (no other writer, so no write can lose a race), in the order of the groups'
 * first appearance; of two groups with one state key, the later one's matches are folded.
 * @param onFold - given what each state's fold fired (a state the source was folded into before: what it fired then)
 */
const foldAtDepthNow = (
  groups: readonly MatchGroup[],
  source: string,
  deps: LocalCorrelationDeps,
  watermark: number | undefined,
  nowMs: number,
  onFold: (alerts: readonly Alert[], chained: readonly CorrelationMatch[]) => void
): void => {
  const { store, correlations } = deps;
  const graph = correlationGraph(correlations);
  // The states' keys, rules and groups, by first appearance (a later group of a key takes the
  // earlier one's place); keys looked up by scanning until there are many.
  const keys: string[] = [];
  const rules: CorrelationRule[] = [];
  const picked: MatchGroup[] = [];
  let index: Map<string, number> | undefined;
  for (const g of groups) {
    const rule = correlations.get(g.correlationId);
    if (rule === undefined) continue;
    const key = correlationKey(rule.id, g.groupKey);
    if (index === undefined && keys.length >= SCAN_KEYS_UP_TO) index = new Map(keys.map((k, i) => [k, i]));
    const at = index === undefined ? keys.indexOf(key) : (index.get(key) ?? -1);
    if (at >= 0) {
      picked[at] = g;
      continue;
    }
    index?.set(key, keys.length);
    keys.push(key);
    rules.push(rule);
    picked.push(g);
  }
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const rule = rules[i] as CorrelationRule;
    const group = picked[i] as MatchGroup;
    let folded: CorrelationFold | undefined;
    const { state, duplicate } = store.foldNow(key, source, (current) => {
      folded = foldCorrelationInPlace(rule, current, group, {
        source,
        groupKey: group.groupKey,
        key,
        watermark,
        nowMs,
        parents: graph.parentsOf(rule.id),
      });
      return folded.next;
    });
    if (!duplicate) {
      const { alerts, chained } = folded as CorrelationFold;
      if (alerts.length > 0 || chained.length > 0) onFold(alerts, chained);
      continue;
    }
    // Folded into this state before: what the source fired then.
    const mine = state.fired.filter((f) => f.source === source);
    if (mine.length > 0)
      onFold(
        mine.map((f) => f.alert),
        mine.flatMap((f) => f.chained ?? [])
      );
  }
};

/** Up to this many states of one source, a key is looked for by scanning the keys before it. */
const SCAN_KEYS_UP_TO = 16;

/**
 * Folds the groups of one depth: one read of their states, then their writes (one `applyAll`
 * where the store has it). Groups of a correlation the deps do not have are left out; of two
 * groups with one state key, the later one's matches are folded.
 * @returns what each state's fold fired, in the order of the groups' first appearance
 */
const foldAtDepth = async (
  groups: readonly MatchGroup[],
  depth: number,
  source: string,
  deps: CorrelationDeps,
  watermark: number | undefined
): Promise<readonly Folded[]> => {
  const byKey = new Map<string, Group>();
  for (const g of groups) {
    const rule = deps.correlations.get(g.correlationId);
    if (rule === undefined) continue;
    const key = correlationKey(rule.id, g.groupKey);
    byKey.set(key, { rule, groupKey: g.groupKey, key, depth, matches: g });
  }
  if (byKey.size === 0) return [];
  const list = [...byKey.values()];
  const stored = await deps.store.get([...byKey.keys()]);
  return deps.store.applyAll
    ? foldGroupsTogether(list, stored, source, deps, watermark)
    : Promise.all(list.map((g) => foldGroup(g, stored.get(g.key), source, deps, watermark, true)));
};

/**
 * The incidents the alerts of these matches would fold into, were their windows to fire: read
 * ahead with the states, so that a window firing in a file costs no read of its own (a key
 * that never fires costs one read unit). Correlations that do not alert on their own are left out.
 */
export const firingIncidentKeysOf = (
  matches: readonly CorrelationMatch[],
  correlations: ReadonlyMap<string, CorrelationRule>
): string[] => {
  const graph = correlationGraph(correlations);
  const keys = new Set<string>();
  for (const m of matches)
    if (correlations.has(m.correlationId) && !graph.silenced(m.correlationId))
      keys.add(incidentKey(m.correlationId, m.groupKey));
  return [...keys];
};

/** The source name of the judgement at `watermark`: the same watermark, the same source. */
export const judgementSource = (watermark: number): string =>
  `judged-until/${Number.isFinite(watermark) ? new Date(watermark).toISOString() : 'end'}`;

/** Whether any correlation is judged only once its window has closed (lt, lte, eq, ranges). */
export const hasClosingConditions = (correlations: ReadonlyMap<string, CorrelationRule>): boolean =>
  [...correlations.values()].some((rule) => !isMonotonic(effectiveCondition(rule)));

/**
 * Judges the windows of lt/lte/eq correlations (and ranges) that `watermark` has closed, in
 * every live state: the CLI calls it at the end of a run, the scheduled judge on Lambda every few
 * minutes. Only states where a window fires are written, once per (state, watermark); a window
 * that fired is kept in its state, so no later judgement fires it again. A judgement repeated
 * at the same watermark (a retried invocation) hands back the alerts it fired the first time,
 * with their ids, so that they can be sent again.
 * @param watermark - epoch ms: windows ending at or before it are judged
 */
export const judgeClosedWindows = async (deps: CorrelationDeps, watermark: number): Promise<Alert[]> => {
  const closing = new Set(
    [...deps.correlations.values()].filter((rule) => !isMonotonic(effectiveCondition(rule))).map((rule) => rule.id)
  );
  if (closing.size === 0) return [];
  const keys = await deps.store.keys(closing);
  if (keys.length === 0) return [];
  const graph = correlationGraph(deps.correlations);
  const stored = await deps.store.get(keys);
  const source = judgementSource(watermark);
  const fired: Alert[] = [];
  const chained: CorrelationMatch[] = [];
  for (const state of stored.values()) {
    const rule = deps.correlations.get(state.correlationId);
    if (!rule || isMonotonic(effectiveCondition(rule))) continue;
    const before = state.fired.filter((f) => f.source === source);
    if (before.length > 0) {
      // Judged at this watermark already (this invocation's earlier attempt): its alerts again.
      fired.push(...before.map((f) => f.alert).filter((a) => !graph.silenced(a.ruleId)));
      chained.push(...before.flatMap((f) => f.chained ?? []));
      continue;
    }
    const group = { rule, groupKey: state.groupKey, key: state.key, depth: graph.depth(rule.id), matches: [] };
    const f = await foldGroup(group, state, source, deps, watermark, false);
    fired.push(...f.alerts.filter((a) => !graph.silenced(a.ruleId)));
    chained.push(...f.chained);
  }
  if (chained.length > 0) fired.push(...(await correlateMatches(chained, source, deps, watermark)));
  return sorted(fired).map((a) => withIpContext(a, deps.enricher));
};

type Folded = { alerts: Alert[]; chained: CorrelationMatch[] };

/** What a group gave before its write went through: nothing (shared, never changed). */
const NOTHING_FOLDED: Folded = Object.freeze({ alerts: [], chained: [] }) as Folded;

/**
 * Folds every group of the source and writes their states with one `applyAll` (one round trip
 * per 100 items on DynamoDB). The writes that lost a race are read again, together, and folded
 * again; those their transaction left unapplied go again as they were; a state the source was
 * folded into before hands back what the source fired then.
 */
const foldGroupsTogether = async (
  groups: readonly Group[],
  stored: ReadonlyMap<string, StoredCorrelation>,
  source: string,
  deps: CorrelationDeps,
  watermark: number | undefined
): Promise<Folded[]> => {
  const { store } = deps;
  if (store.applyAll === undefined) throw new TypeError('foldGroupsTogether needs a store with applyAll');
  const graph = correlationGraph(deps.correlations);
  // What was read, copied only once a write lost and its state is read again.
  let read: ReadonlyMap<string, StoredCorrelation> = stored;
  const out: Folded[] = new Array(groups.length).fill(NOTHING_FOLDED);
  let duplicates: number[] | undefined;
  // The groups whose write has not gone through, by position.
  let pending: number[] = [];
  for (let i = 0; i < groups.length; i++) pending.push(i);
  for (let attempt = 0; attempt < MAX_ATTEMPTS && pending.length > 0; attempt++) {
    const nowMs = (deps.now?.() ?? new Date()).getTime();
    const folds: CorrelationFold[] = [];
    const writes: CorrelationWrite[] = [];
    for (const i of pending) {
      const group = groups[i] as Group;
      const current = read.get(group.key);
      const fold = foldCorrelation(group.rule, current, group.matches, {
        source,
        groupKey: group.groupKey,
        key: group.key,
        watermark,
        nowMs,
        parents: graph.parentsOf(group.rule.id),
      });
      folds.push(fold);
      writes.push({ next: fold.next, expectedVersion: current?.version, source });
    }
    const results = await store.applyAll(writes);
    const reread: string[] = [];
    const left: number[] = [];
    for (let n = 0; n < pending.length; n++) {
      const i = pending[n] as number;
      const result = results[n];
      const fold = folds[n] as CorrelationFold;
      if (result === 'applied') out[i] = { alerts: fold.alerts, chained: fold.chained };
      else if (result === 'duplicate') {
        duplicates ??= [];
        duplicates.push(i);
        reread.push(fold.next.key);
      } else {
        left.push(i);
        if (result === 'conflict') reread.push(fold.next.key);
      }
    }
    pending = left;
    if (reread.length > 0) {
      const again = await deps.store.get(reread);
      const updated = new Map(read);
      for (const key of reread) {
        const state = again.get(key);
        if (state) updated.set(key, state);
        else updated.delete(key);
      }
      read = updated;
    }
  }
  const [first] = pending;
  if (first !== undefined) throw new CorrelationConflictError((groups[first] as Group).key);
  for (const i of duplicates ?? []) {
    const mine = (read.get((groups[i] as Group).key)?.fired ?? []).filter((f) => f.source === source);
    out[i] = { alerts: mine.map((f) => f.alert), chained: mine.flatMap((f) => f.chained ?? []) };
  }
  return out;
};

const foldGroup = async (
  group: Group,
  read: StoredCorrelation | undefined,
  source: string,
  deps: CorrelationDeps,
  watermark: number | undefined,
  alwaysWrite: boolean
): Promise<Folded> => {
  const parents = correlationGraph(deps.correlations).parentsOf(group.rule.id);
  let current = read;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const nowMs = (deps.now?.() ?? new Date()).getTime();
    const { next, alerts, chained } = foldCorrelation(group.rule, current, group.matches, {
      source,
      groupKey: group.groupKey,
      key: group.key,
      watermark,
      nowMs,
      parents,
    });
    if (!alwaysWrite && alerts.length === 0) return { alerts: [], chained: [] };
    const result = await deps.store.apply({ next, expectedVersion: current?.version, source });
    if (result === 'applied') return { alerts, chained };
    if (result === 'duplicate') {
      const latest = (await deps.store.get([group.key])).get(group.key);
      const mine = (latest?.fired ?? []).filter((f) => f.source === source);
      return { alerts: mine.map((f) => f.alert), chained: mine.flatMap((f) => f.chained ?? []) };
    }
    current = (await deps.store.get([group.key])).get(group.key);
  }
  throw new CorrelationConflictError(group.key);
};

const sorted = (alerts: Alert[]): Alert[] =>
  alerts.sort(
    (a, b) => a.firstSeen.localeCompare(b.firstSeen) || a.ruleId.localeCompare(b.ruleId) || a.id.localeCompare(b.id)
  );
