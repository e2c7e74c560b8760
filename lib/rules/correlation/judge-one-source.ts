import type { Alert } from '../../model/alert.js';
import type { CorrelationMatch } from '../../model/correlation.js';
import { correlationGraph } from './correlation-graph.js';
import { foldCorrelation } from './fold-correlation.js';
import type { CorrelationRule } from './types.js';

/**
 * Judges correlations over one source's matches alone, as if nothing came before and nothing
 * comes after: what a detector without a correlation store does (`trailwatch detect
 * --per-file`, the rule cases), so thresholds and correlations then hold per file.
 * @param correlations - the correlations, by id
 * @param matches - the source's matches
 * @param source - names the source
 * @returns the alerts, sorted by first time then rule id
 */
export const judgeOneSource = (
  correlations: ReadonlyMap<string, CorrelationRule>,
  matches: readonly CorrelationMatch[],
  source: string
): Alert[] => {
  const graph = correlationGraph(correlations);
  const alerts: Alert[] = [];
  let pending = [...matches];
  while (pending.length > 0) {
    const depth = pending.reduce((d, m) => Math.min(d, graph.depth(m.correlationId)), Number.POSITIVE_INFINITY);
    const groups = new Map<string, CorrelationMatch[]>();
    for (const m of pending.filter((x) => graph.depth(x.correlationId) === depth)) {
      const id = `${m.correlationId}\u0000${m.groupKey}`;
      const list = groups.get(id);
      if (list === undefined) groups.set(id, [m]);
      else list.push(m);
    }
    pending = pending.filter((m) => graph.depth(m.correlationId) !== depth);
    for (const list of groups.values()) {
      const first = list[0] as CorrelationMatch;
      const rule = correlations.get(first.correlationId);
      if (!rule) continue;
      const { alerts: fired, chained } = foldCorrelation(rule, undefined, list, {
        source,
        groupKey: first.groupKey,
        watermark: Number.POSITIVE_INFINITY,
        nowMs: 0,
        parents: graph.parentsOf(rule.id),
      });
      alerts.push(...fired.filter((a) => !graph.silenced(a.ruleId)));
      pending.push(...chained.filter((m) => graph.depth(m.correlationId) > depth));
    }
  }
  return alerts.sort((a, b) => a.firstSeen.localeCompare(b.firstSeen) || a.ruleId.localeCompare(b.ruleId));
};
