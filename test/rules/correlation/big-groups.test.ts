import { describe, expect, it } from 'vitest';
import { viewOf } from '../../../lib/cloudtrail/record-view.js';
import { memoryCorrelationStore } from '../../../lib/incidents/memory-correlation-store.js';
import type { CorrelationMatch } from '../../../lib/model/correlation.js';
import { correlateMatches } from '../../../lib/pipelines/correlations.js';
import { loadRuleSet, RuleEngine } from '../../../lib/rules/index.js';
import { at, consoleLogin } from '../../helpers/correlation-records.js';

/** More matches in one group than a spread call (`Math.min(...times)`) can take as arguments. */
const MATCHES = 450_000;

describe('correlations over one very large file', () => {
  it('judges 450,000 matches of one group in one file without overflowing the stack, and fires from the first', async () => {
    // Prepare: the match one failed sign-in feeds console-login-failure-burst, repeated a second apart.
    const ruleSet = loadRuleSet({ dirs: [] });
    const engine = new RuleEngine(ruleSet.rules, { correlations: ruleSet.correlations });
    const detector = engine.detector({ bucket: 'trail-bucket', key: 'big.json.gz', size: 0 });
    const take = detector.deferCorrelations?.();
    detector.onRecord(viewOf(consoleLogin(at(0), 'Failure', 'alice', '203.0.113.9'), 0));
    detector.finish();
    const [one] = (take?.() ?? []).filter((m) => m.correlationId.includes('console-login-failure-burst'));
    if (one === undefined) throw new Error('a failed sign-in feeds no console-login-failure-burst correlation');
    const start = Date.parse(at(0));
    const matches: CorrelationMatch[] = Array.from({ length: MATCHES }, (_, i) => ({
      ...one,
      time: start + i * 1000,
      eventId: `e${String(i).padStart(7, '0')}`,
    }));
    // Act
    const fired = await correlateMatches(matches, 'trail-bucket/big.json.gz', {
      correlations: engine.correlations,
      store: memoryCorrelationStore(),
    });
    // Assess
    const bursts = fired.filter((a) => a.ruleId === 'console-login-failure-burst');
    expect(bursts.length).toBeGreaterThan(0);
    expect(bursts.length).toBeLessThanOrEqual(MATCHES / 5);
    expect(bursts[0]?.firstSeen).toBe(new Date(start).toISOString());
    expect(bursts[0]?.count).toBeGreaterThanOrEqual(5);
  });
});
