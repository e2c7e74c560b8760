import { describe, expect, it } from 'vitest';
import { memoryCorrelationStore } from '../../lib/incidents/memory-correlation-store.js';
import { memoryIncidentStore } from '../../lib/incidents/memory-store.js';
import type { Alert } from '../../lib/model/alert.js';
import { silentLog } from '../../lib/model/log.js';
import { noMetrics } from '../../lib/model/metrics.js';
import { evaluateLogsBatch } from '../../lib/pipelines/logs.js';
import { loadRuleSet, RuleEngine } from '../../lib/rules/index.js';
import { at, consoleLogin } from '../helpers/correlation-records.js';
import { logsBatchOf } from '../helpers/logs-subscription.js';

const NOW = () => new Date('2026-03-04T05:30:00Z');

describe('evaluateLogsBatch with a correlation store', () => {
  it('fires a threshold burst split over two batches once, and a re-delivered batch changes nothing', async () => {
    // Prepare
    const ruleSet = loadRuleSet({});
    const engine = new RuleEngine(ruleSet.rules, { correlations: ruleSet.correlations });
    const sent: Alert[] = [];
    const deps = {
      detectorFor: engine.detector,
      sink: { send: async (alerts: readonly Alert[]) => void sent.push(...alerts) },
      log: silentLog,
      metrics: noMetrics,
      now: NOW,
      incidents: memoryIncidentStore(undefined, NOW),
      correlations: { correlations: engine.correlations, store: memoryCorrelationStore() },
    };
    const first = logsBatchOf([1, 2, 3].map((m) => consoleLogin(at(m), 'Failure', 'erin', '198.51.100.61')));
    const second = logsBatchOf([4, 5].map((m) => consoleLogin(at(m), 'Failure', 'erin', '198.51.100.61')));
    // Act
    await evaluateLogsBatch(first, deps);
    await evaluateLogsBatch(second, deps);
    const afterBoth = sent.length;
    await evaluateLogsBatch(second, deps);
    // Assess
    const burst = sent.filter((a) => a.ruleId === 'console-login-failure-burst');
    expect(burst.map((a) => [a.lifecycle, a.count])).toEqual([['opened', 5]]);
    expect(sent).toHaveLength(afterBoth);
  });
});
