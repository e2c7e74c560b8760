import type { Alert } from '../../model/alert.js';
import type { MatchGroup } from '../../model/correlation.js';
import { correlationGraph, depthByDepth } from './correlation-graph.js';
import { foldCorrelation } from './fold-correlation.js';
import type { CorrelationRule } from './types.js';

/**
 * Judges correlations over one source's matches alone, as if nothing came before and nothing
 * comes after: what a detector without a correlation store does (`trailwatch detect
 * --per-file`, the rule cases), so thresholds and correlations then hold per file.
 * @param correlations - the correlations, by id
 * @param groups - the source's matches, by correlation group (MatchBook.groups); the groups a
 *   chain's firings feed are added to
 * @param source - names the source
 * @returns the alerts, sorted by first time then rule id
 */
export const judgeOneSource = (
  correlations: ReadonlyMap<string, CorrelationRule>,
  groups: readonly MatchGroup[],
  source: string
): Alert[] => {
  const graph = correlationGraph(correlations);
  const alerts: Alert[] = [];
  // Depth by depth: a chain's upper correlation sees what its lower ones fired.
  for (const step of depthByDepth(groups, graph)) {
    for (const group of step.groups) {
      const rule = correlations.get(group.correlationId);
      if (!rule) continue;
      const { alerts: fired, chained } = foldCorrelation(rule, undefined, group, {
        source,
        groupKey: group.groupKey,
        watermark: Number.POSITIVE_INFINITY,
        nowMs: 0,
        parents: graph.parentsOf(rule.id),
      });
      alerts.push(...fired.filter((a) => !graph.silenced(a.ruleId)));
      step.feed(chained);
    }
  }
  return alerts.sort((a, b) => a.firstSeen.localeCompare(b.firstSeen) || a.ruleId.localeCompare(b.ruleId));
};
