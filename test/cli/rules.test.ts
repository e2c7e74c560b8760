import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
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
    expect(
      entries.filter((e) => e.refused).map((e) => [basename(e.refused.file), e.refused.line, e.refused.reason])
    ).toEqual([['aws_delete_saml_provider.yml', 26, "never matches: field 'status' is not a CloudTrail field"]]);
  });

  it('shows each refused Sigma file with its line and reason in the table and in json', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'rules-list-'));
    writeFileSync(
      join(dir, 'bad_modifier.yml'),
      'title: Bad modifier\nlogsource:\n  product: aws\n  service: iam\ndetection:\n  sel:\n    eventName|wildcard: Create*\n  condition: sel\n'
    );
    writeFileSync(
      join(dir, 'iam_rule.yml'),
      'title: IAM rule\nlogsource:\n  product: aws\n  service: iam\ndetection:\n  sel:\n    eventName: CreateUser\n  condition: sel\n'
    );
    // Act
    const table = await runCli(['rules', 'list', '--rules', dir, '--format', 'table']);
    const json = await runCli(['rules', 'list', '--rules', dir, '--format', 'json']);
    // Assess
    const listing = JSON.parse(json.stdout);
    expect([table.code, json.code]).toEqual([0, 0]);
    expect(table.stdout).toContain(
      `refused ${join(dir, 'bad_modifier.yml')}:7: modifier |wildcard is not in the Sigma specification`
    );
    expect(table.stdout).toMatch(/\n\d+ rules, 0 suppressions, 1 refused\n/);
    expect(listing.refused).toEqual([
      {
        file: join(dir, 'bad_modifier.yml'),
        line: 7,
        reason: expect.stringMatching(/^modifier \|wildcard is not in the Sigma specification/),
      },
    ]);
    expect(listing.rules.filter((r: { form: string }) => r.form === 'sigma').map((r: { id: string }) => r.id)).toEqual([
      'sigma-iam-rule',
    ]);
  });

  it('names each load warning with file:line in the rules list table and on detect stderr', async () => {
    // Prepare: a Sigma rule whose value names a field, compared as text: it loads, but not as meant
    const dir = mkdtempSync(join(tmpdir(), 'rules-warn-'));
    writeFileSync(
      join(dir, 'key_for_other.yml'),
      'title: Key for another user\nlevel: medium\nlogsource:\n  product: aws\n  service: iam\ndetection:\n  sel:\n    eventName: CreateAccessKey\n  filter:\n    userIdentity.arn|contains: responseElements.accessKey.userName\n  condition: sel and not filter\n'
    );
    const warning = `warning ${join(dir, 'key_for_other.yml')}:1: sigma-key-for-other: value 'responseElements.accessKey.userName' of 'userIdentity.arn|contains' names a field but Sigma compares it as text`;
    // Act
    const table = await runCli(['rules', 'list', '--rules', dir, '--format', 'table']);
    const detect = await runCli(['detect', 'events/objects', '--rules', dir, '--format', 'jsonl']);
    // Assess
    expect([table.code, detect.code]).toEqual([0, 0]);
    expect(table.stdout).toContain(`\n${warning}`);
    expect(detect.stderr).toContain(`trailwatch detect: ${warning}`);
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
        'cloudtrail-event-history-searched',
      ])
    );
  });

  it('exits 1 when the path holds no rule cases, so a mistyped folder does not pass with nothing tested', async () => {
    // Prepare
    const empty = mkdtempSync(join(tmpdir(), 'tw-no-cases-'));
    // Act
    const { code, stdout, stderr } = await runCli(['rules', 'test', empty], true);
    // Assess
    expect(code).toBe(1);
    expect(stderr).toBe(`trailwatch rules: no rule cases under ${empty}: nothing was tested\n`);
    expect(stdout).toContain('0 passed, 0 failed');
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
