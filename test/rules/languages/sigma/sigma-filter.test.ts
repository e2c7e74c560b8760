import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadUsableRuleSet } from '../../../../lib/rules/loading/load-rule-set.js';
import type { CompiledRule } from '../../../../lib/rules/types.js';
import { holds, record } from '../../helpers.js';

const folderWith = (files: Record<string, string>): string => {
  const dir = mkdtempSync(join(tmpdir(), 'sigma-filter-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
};

const RULE = `title: Access key created
id: 6c1a0a9e-5d0f-4c39-9d5c-1f4a1d2f0b11
name: access_key_created
logsource:
    product: aws
    service: iam
detection:
    selection:
        eventSource: iam.amazonaws.com
        eventName: CreateAccessKey
    condition: selection
level: medium
`;

const filter = (rules: string, product = 'aws') => `title: Leave out the CI role
logsource:
    product: ${product}
filter:
    rules: ${rules}
    selection:
        userIdentity.arn|contains: ':assumed-role/ci-deployer/'
    condition: not selection
`;

const createAccessKey = (arn: string) =>
  record({
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateAccessKey',
    userIdentity: { type: 'AssumedRole', arn },
  });

const CI = 'arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42';
const PERSON = 'arn:aws:sts::111122223333:assumed-role/admin/alice';

const sigmaRule = (rules: CompiledRule[]) => rules.find((r) => r.meta.form === 'sigma') as CompiledRule;

describe('Sigma filters', () => {
  it.each([
    ['its Sigma id', '[6c1a0a9e-5d0f-4c39-9d5c-1f4a1d2f0b11]'],
    ['its name', 'access_key_created'],
    ["'any'", 'any'],
  ])('apply to a rule of another folder named by %s: the filter condition joins the rule with and', (_how, rules) => {
    // Prepare
    const filters = folderWith({ 'mf_ci_role.yml': filter(rules) });
    // Act
    const set = loadUsableRuleSet({ dirs: [folderWith({ 'access_key.yml': RULE }), filters], builtin: false });
    // Assess
    const rule = sigmaRule(set.rules);
    expect([set.refused, set.invalid]).toEqual([[], []]);
    expect([holds(rule.condition, createAccessKey(CI)), holds(rule.condition, createAccessKey(PERSON))]).toEqual([
      false,
      true,
    ]);
    expect(rule.meta.sigma?.filters).toEqual([`${join(filters, 'mf_ci_role.yml')}:5`]);
  });

  it('refuses a filter that names no loaded rule as having no effect, and leaves the rules as they are', () => {
    // Prepare
    const filters = folderWith({ 'mf_typo.yml': filter('[6c1a0a9e-0000-0000-0000-000000000000]') });
    // Act
    const set = loadUsableRuleSet({ dirs: [folderWith({ 'access_key.yml': RULE }), filters], builtin: false });
    // Assess
    expect(set.refused).toEqual([
      {
        file: join(filters, 'mf_typo.yml'),
        line: 5,
        reason: 'no effect: the filter names no loaded Sigma rule (6c1a0a9e-0000-0000-0000-000000000000)',
      },
    ]);
    expect(holds(sigmaRule(set.rules).condition, createAccessKey(CI))).toBe(true);
  });

  it('refuses a filter of another product as never matching', () => {
    // Prepare
    const filters = folderWith({ 'mf_windows.yml': filter('any', 'windows') });
    // Act
    const set = loadUsableRuleSet({ dirs: [filters], builtin: false });
    // Assess
    expect(set.refused).toEqual([
      {
        file: join(filters, 'mf_windows.yml'),
        line: 3,
        reason: "never matches: logsource product 'windows' is not aws; trailwatch reads AWS CloudTrail records",
      },
    ]);
  });
});
