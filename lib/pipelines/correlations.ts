import type { Alert } from '../model/alert.js';
import { type IpEnricher, withIpContext } from '../model/ip-context.js';
import type { CorrelationMatch, CorrelationStore, StoredCorrelation } from '../model/correlation.js';
import { TrailwatchError } from '../model/errors.js';
import type { Clock } from '../model/ports.js';
import {
  correlationGraph,
  type CorrelationRule,
  correlationKey,
  foldCorrelation,
  isMonotonic,
  effectiveCondition,
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

type Group = { rule: CorrelationRule; groupKey: string; key: string; matches: CorrelationMatch[] };

/**
 * Folds one source's matches (a log file's: Detector.deferCorrelations) into the correlation
 * states, one conditional write per (correlation, group), all issued together, and returns the
 * alerts that fired. A source already folded into a state changes nothing there and hands back
 * the alerts it fired then (same ids), so a retried file re-sends them and fires nothing new.
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
): Promise<Alert[]> => {
  const graph = correlationGraph(deps.correlations);
  const fired: Alert[] = [];
  // Depth by depth, so a chain's upper correlation sees what its lower ones fired in this same
  // source, in the same single write per state.
  let pending: readonly CorrelationMatch[] = matches;
  while (pending.length > 0) {
    // A loop, not Math.min(...): a big file hands over hundreds of thousands of matches.
    let depth = Number.POSITIVE_INFINITY;
    for (const m of pending) depth = Math.min(depth, graph.depth(m.correlationId));
    const now: CorrelationMatch[] = [];
    const later: CorrelationMatch[] = [];
    for (const m of pending) (graph.depth(m.correlationId) === depth ? now : later).push(m);
    pending = later;
    const groups = groupsOf(now, deps);
    if (groups.size === 0) continue;
    const stored = await deps.store.get([...groups.keys()]);
    const folded = await Promise.all(
      [...groups.values()].map((g) => foldGroup(g, stored.get(g.key), source, deps, watermark, true))
    );
    for (const f of folded) {
      fired.push(...f.alerts.filter((a) => !graph.silenced(a.ruleId)));
      // A chain only goes up (resolved correlations never loop).
      for (const m of f.chained) if (graph.depth(m.correlationId) > depth) later.push(m);
    }
  }
  return sorted(fired).map((a) => withIpContext(a, deps.enricher));
};

/**
 * The matches by state, in the order of each state's first match: grouped by correlation and
 * group key first, so a state's key is worked out once per source, not once per match.
 */
const groupsOf = (matches: readonly CorrelationMatch[], deps: CorrelationDeps): Map<string, Group> => {
  const groups = new Map<string, Group>();
  const byCorrelation = new Map<string, Map<string, Group>>();
  for (const m of matches) {
    let byGroupKey = byCorrelation.get(m.correlationId);
    if (byGroupKey === undefined) {
      if (!deps.correlations.has(m.correlationId)) continue;
      byGroupKey = new Map();
      byCorrelation.set(m.correlationId, byGroupKey);
    }
    let group = byGroupKey.get(m.groupKey);
    if (group === undefined) {
      const rule = deps.correlations.get(m.correlationId) as CorrelationRule;
      const key = correlationKey(rule.id, m.groupKey);
      group = groups.get(key) ?? { rule, groupKey: m.groupKey, key, matches: [] };
      groups.set(key, group);
      byGroupKey.set(m.groupKey, group);
    }
    group.matches.push(m);
  }
  return groups;
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
    const group = { rule, groupKey: state.groupKey, key: state.key, matches: [] };
    const f = await foldGroup(group, state, source, deps, watermark, false);
    fired.push(...f.alerts.filter((a) => !graph.silenced(a.ruleId)));
    chained.push(...f.chained);
  }
  if (chained.length > 0) fired.push(...(await correlateMatches(chained, source, deps, watermark)));
  return sorted(fired).map((a) => withIpContext(a, deps.enricher));
};

type Folded = { alerts: Alert[]; chained: CorrelationMatch[] };

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
