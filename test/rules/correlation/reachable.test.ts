import { describe, expect, it } from 'vitest';
import type { CorrelationMatch, StoredCorrelation } from '../../../lib/model/correlation.js';
import { foldCorrelation, loadRuleSet, RuleEngine } from '../../../lib/rules/index.js';
import { correlationRule, ruleFolder, SIGN_IN_RULES } from '../../helpers/correlation-records.js';

const START = Date.parse('2026-01-02T10:00:00Z');

/** One correlation over failed_login, by its type and condition. */
const correlationOf = (type: string, condition: string) => {
  const text = `${SIGN_IN_RULES}${correlationRule('burst', `  type: ${type}\n  rules: [failed_login]\n  group-by: [userIdentity.userName]\n  timespan: 10m\n  condition:\n${condition}`)}`;
  const ruleSet = loadRuleSet({ dirs: [ruleFolder({ 'burst.yml': text })], builtin: false });
  const [rule] = new RuleEngine(ruleSet.rules, { correlations: ruleSet.correlations }).correlations.values();
  if (rule === undefined) throw new Error('no correlation');
  return rule;
};

/** Folds one match per file; returns how many alerts each file fired. */
const firedPerFile = (type: string, condition: string, values: string[]): number[] => {
  const rule = correlationOf(type, condition);
  let state: StoredCorrelation | undefined;
  return values.map((value, i) => {
    const match: CorrelationMatch = {
      correlationId: rule.id,
      groupKey: 'alice',
      rule: 0,
      time: START + i * 1000,
      eventId: `e${i}`,
      value,
      context: { account: '111122223333' },
    };
    const fold = foldCorrelation(rule, state, [match], { source: `file-${i}`, groupKey: 'alice', nowMs: START });
    state = fold.next;
    return fold.alerts.length;
  });
};

describe('windows that cannot reach their condition', () => {
  it.each([
    ['event_count', '    gte: 3', ['a', 'b', 'c', 'd'], [0, 0, 1, 0]],
    ['event_count', '    gt: 3', ['a', 'b', 'c', 'd', 'e'], [0, 0, 0, 1, 0]],
    ['value_count', '    field: userIdentity.arn\n    gte: 3', ['a', 'a', 'b', 'a', 'c'], [0, 0, 0, 0, 1]],
  ])('fires a %s (%s) at the match that first makes it hold, not before', (type, condition, values, fired) => {
    // Act
    const perFile = firedPerFile(type, condition, values);
    // Assess
    expect(perFile).toEqual(fired);
  });
});
