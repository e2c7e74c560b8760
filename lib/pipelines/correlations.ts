import type { Alert } from '../model/alert.js';
import type { CorrelationMatch, CorrelationStore, StoredCorrelation } from '../model/correlation.js';
import { TrailwatchError } from '../model/errors.js';
import type { Clock } from '../model/ports.js';
import {
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
  const groups = new Map<string, Group>();
  for (const m of matches) {
    const rule = deps.correlations.get(m.correlationId);
    if (!rule) continue;
    const key = correlationKey(rule.id, m.groupKey);
    let group = groups.get(key);
    if (!group) {
      group = { rule, groupKey: m.groupKey, key, matches: [] };
      groups.set(key, group);
    }
    group.matches.push(m);
  }
  if (groups.size === 0) return [];
  const stored = await deps.store.get([...groups.keys()]);
  const fired = await Promise.all(
    [...groups.values()].map((g) => foldGroup(g, stored.get(g.key), source, deps, watermark, true))
  );
  return sorted(fired.flat());
};

/**
 * Judges the windows of lt/lte/eq correlations (and ranges) that `watermark` has closed, in
 * every live state: the CLI calls it at the end of a run. Only states where a window fires are
 * written, once per (state, watermark).
 * @param watermark - epoch ms: windows ending at or before it are judged
 */
export const judgeClosedWindows = async (deps: CorrelationDeps, watermark: number): Promise<Alert[]> => {
  const keys = await deps.store.keys();
  if (keys.length === 0) return [];
  const stored = await deps.store.get(keys);
  const source = `judged-until/${Number.isFinite(watermark) ? new Date(watermark).toISOString() : 'end'}`;
  const fired: Alert[][] = [];
  for (const state of stored.values()) {
    const rule = deps.correlations.get(state.correlationId);
    if (!rule || isMonotonic(effectiveCondition(rule))) continue;
    const group = { rule, groupKey: state.groupKey, key: state.key, matches: [] };
    fired.push(await foldGroup(group, state, source, deps, watermark, false));
  }
  return sorted(fired.flat());
};

const foldGroup = async (
  group: Group,
  read: StoredCorrelation | undefined,
  source: string,
  deps: CorrelationDeps,
  watermark: number | undefined,
  alwaysWrite: boolean
): Promise<Alert[]> => {
  let current = read;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const nowMs = (deps.now?.() ?? new Date()).getTime();
    const { next, alerts } = foldCorrelation(group.rule, current, group.matches, {
      source,
      groupKey: group.groupKey,
      watermark,
      nowMs,
    });
    if (!alwaysWrite && alerts.length === 0) return [];
    const result = await deps.store.apply({ next, expectedVersion: current?.version, source });
    if (result === 'applied') return alerts;
    if (result === 'duplicate') {
      const latest = (await deps.store.get([group.key])).get(group.key);
      return (latest?.fired ?? []).filter((f) => f.source === source).map((f) => f.alert);
    }
    current = (await deps.store.get([group.key])).get(group.key);
  }
  throw new CorrelationConflictError(group.key);
};

const sorted = (alerts: Alert[]): Alert[] =>
  alerts.sort(
    (a, b) => a.firstSeen.localeCompare(b.firstSeen) || a.ruleId.localeCompare(b.ruleId) || a.id.localeCompare(b.id)
  );
