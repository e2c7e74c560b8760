import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { sharedPath } from '../rules/helpers.js';

describe('trailwatch rules', () => {
  it('lists the built-in pack and added rules as JSON lines, with refused Sigma files', async () => {
    // Act
    const { code, stdout } = await runCli([
      'rules',
      'list',
      '--rules',
      'test/fixtures/rules/custom',
      '--rules',
      sharedPath('sigma'),
    ]);
    // Assess
    const entries = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(code).toBe(0);
    expect(entries.find((e) => e.id === 'prod-trail-stopped')).toMatchObject({
      form: 'yaml',
      severity: 'critical',
      line: 2,
    });
    expect(entries.find((e) => e.id === 'cis-cloudwatch-1-root-user-usage')).toMatchObject({ form: 'pattern' });
    expect(entries.filter((e) => e.refused).map((e) => e.refused.reason)).toEqual([
      expect.stringContaining("field 'status' does not exist"),
    ]);
  });

  it('runs a folder of rule fixtures and exits 0 when all pass', async () => {
    // Act
    const { code, stdout } = await runCli(['rules', 'test', 'test/fixtures/rules/custom'], true);
    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain('pass  prod-trail-stopped: prod trail stopped');
    expect(stdout).toContain('2 passed, 0 failed');
  });

  it('runs the built-in pack fixtures by pointing at the pack folder', async () => {
    // Act
    const { code, stdout } = await runCli(['rules', 'test', 'lib/rules/pack/cloudtrail']);
    // Assess
    const results = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(code).toBe(0);
    expect(new Set(results.map((r) => r.ruleId))).toEqual(
      new Set([
        'cloudtrail-logging-stopped',
        'cloudtrail-trail-deleted',
        'cloudtrail-trail-weakened',
        'cloudtrail-event-selectors-narrowed',
      ])
    );
  });

  it('exits 1 and names the failing case', async () => {
    // Act
    const { code, stdout } = await runCli(['rules', 'test', 'test/fixtures/rules/failing'], true);
    // Assess
    expect(code).toBe(1);
    expect(stdout).toContain('FAIL  broken-case: expects the wrong thing on purpose (expected an alert)');
  });

  it.each([[['rules']], [['rules', 'test']], [['rules', 'frobnicate']]])('exits 2 on %j', async (args) => {
    expect((await runCli(args)).code).toBe(2);
  });
});
