import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleSet } from '../../../lib/rules/index.js';
import { ruleFolder } from '../../helpers/correlation-records.js';

const HEAD = 'title: Burst\nname: burst\ncorrelation:\n';
const BODY = '  rules: [console-login-failure-burst]\n  group-by: [sourceIPAddress]\n  timespan: 10m\n';

describe('correlation refusals', () => {
  it('refuses later-version constructs naming the version, and out-of-spec ones with file:line and reason, while the rest runs', () => {
    // Prepare
    const dir = ruleFolder({
      'value_sum.yml': `${HEAD}  type: value_sum\n${BODY}  condition:\n    field: bytes\n    gt: 10\n`,
      'neq.yml': `${HEAD}  type: event_count\n${BODY}  condition:\n    neq: 3\n`,
      'unknown_key.yml': `${HEAD}  type: event_count\n${BODY}  condition:\n    gte: 3\n  window: 5m\n`,
      'bad_timespan.yml': `${HEAD}  type: event_count\n  rules: [console-login-failure-burst]\n  group-by: [sourceIPAddress]\n  timespan: 1H\n  condition:\n    gte: 3\n`,
      'unknown_rule.yml': `${HEAD}  type: temporal\n  rules:\n    - console-login-failure-burst\n    - no_such_rule\n  group-by: [sourceIPAddress]\n  timespan: 5m\n`,
      'loop.yml': `title: Loop\nname: loop\ncorrelation:\n  type: temporal\n  rules: [loop, console-login-failure-burst]\n  group-by: [sourceIPAddress]\n  timespan: 5m\n`,
      'good.yml': `${HEAD.replace('burst', 'good')}  type: event_count\n${BODY}  condition:\n    gte: 20\n`,
    });
    // Act
    const set = loadRuleSet({ dirs: [dir] });
    // Assess
    expect(set.refused.map((r) => `${r.file.slice(dir.length + 1)}:${r.line}: ${r.reason}`).sort()).toEqual([
      'bad_timespan.yml:7: timespan must be a number and one of s, m, h, d in lowercase (90m), got "1H"',
      'loop.yml:5: a correlation cannot reference itself',
      'neq.yml:9: condition operator neq comes with Sigma correlation specification v2.1.0; trailwatch implements v2.0.2',
      "unknown_key.yml:10: 'window' is not an attribute of a correlation section",
      "unknown_rule.yml:7: correlation references 'no_such_rule', which names no loaded rule",
      'value_sum.yml:4: type value_sum comes with Sigma correlation specification v2.1.0; trailwatch implements v2.0.2',
    ]);
    expect(set.correlations.map((c) => c.id)).toContain('sigma-good');
    expect(set.rules.map((r) => r.meta.id)).toContain('cloudtrail-logging-stopped');
  });

  it('loads a Sigma collection of rules and correlations, each document its own rule', () => {
    // Act
    const set = loadRuleSet({ dirs: [join('test', 'fixtures', 'rules', 'correlation')], builtin: false });
    // Assess
    expect(set.refused).toEqual([]);
    expect(set.rules.map((r) => [r.meta.id, r.meta.sigma?.name])).toEqual([
      ['sigma-console-login-brute-force-aws-console-login-failed', 'aws_console_login_failed'],
    ]);
    expect(set.correlations.map((c) => [c.id, c.type, c.rules])).toEqual([
      [
        'sigma-console-login-brute-force-2',
        'event_count',
        ['sigma-console-login-brute-force-aws-console-login-failed'],
      ],
      ['sigma-mr-console-login-failures', 'event_count', ['sigma-console-login-brute-force-aws-console-login-failed']],
    ]);
  });

  it('loads a YAML count rule and names the line of a wrong key', () => {
    // Prepare
    const good = ruleFolder({
      'many-denied.yml':
        'id: many-denied\ntitle: Many failed sign-ins\nseverity: high\ncount:\n  rules: [console-login-failure-burst]\n  group-by: [userIdentity.userName]\n  within: 30m\n  gte: 10\n',
    });
    const bad = ruleFolder({
      'many-denied.yml':
        'id: many-denied\ntitle: Many failed sign-ins\nseverity: high\ncount:\n  rules: [console-login-failure-burst]\n  group-by: [userIdentity.userName]\n  timespan: 30m\n  gte: 10\n',
    });
    // Act
    const set = loadRuleSet({ dirs: [good] });
    const failure = (() => {
      try {
        loadRuleSet({ dirs: [bad] });
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    // Assess
    expect(set.correlations.find((c) => c.id === 'many-denied')).toMatchObject({
      type: 'event_count',
      form: 'yaml',
      timespanMs: 1_800_000,
      condition: { gte: 10 },
    });
    expect(failure).toContain("many-denied.yml:7: unknown key 'timespan' under count");
  });
});
