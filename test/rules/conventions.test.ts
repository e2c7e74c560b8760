import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAttackTags } from '../../lib/rules/attack/attack-tags.js';
import { caseVariety } from '../../lib/rules/cases/case-variety.js';
import { loadCasesFile } from '../../lib/rules/cases/run-cases.js';
import type { CloudTrailRecord } from '../../lib/model/record.js';
import { builtinRules } from '../../lib/rules/pack/index.js';
import { compiledBuiltinRules, RuleEngine } from '../../lib/rules/index.js';
import { sharedPath } from './helpers.js';

const PACK = 'lib/rules/pack';

const casesFileOf = (path: string): string => join(dirname(path), `${basename(path, '.ts')}.cases.json`);

/**
 * Rules whose matching records have one shape only, so their matching cases cannot differ in
 * caller type, client or request layout: the reason is the rule's condition.
 */
const SINGLE_SHAPE_RULES: Readonly<Record<string, string>> = {
  'cis-cloudwatch-3-console-signin-without-mfa':
    'CIS CloudWatch.3 matches only successful console sign-ins of IAM users without MFA: one caller type, the browser, no parameters, MFAUsed "No"',
  'signin-console-login-federated-user':
    'matches console sign-ins of federation-token sessions only: caller type FederatedUser, the browser, no parameters',
  'signin-console-token-for-federated-user':
    'matches GetSigninToken of federation-token sessions only: caller type FederatedUser, the federation endpoint, no parameters',
  'signin-root-password-recovery':
    'matches the root user’s password recovery only: caller type Root, the browser, no parameters',
  'sso-oidc-token-created-by-script':
    'matches device-code token redemptions by scripts only: the caller is always the Identity Center user, the request layout is fixed by the OIDC API',
};
const modules = readdirSync(PACK, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(join(PACK, d.name))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(PACK, d.name, f))
  );

describe('built-in rule pack conventions', () => {
  it('keeps the rules that must see every event few', () => {
    // Prepare
    const engine = new RuleEngine(compiledBuiltinRules());
    // Act
    const global = engine.globalRules.map((r) => r.meta.id).sort();
    // Assess: each runs on every record of every file; a new one needs an eventSource or eventName instead.
    expect(global).toEqual([
      'access-denied-burst',
      'cis-cloudwatch-1-root-user-usage',
      'cis-cloudwatch-2-unauthorized-api-calls',
      'long-term-credentials-from-new-network',
      'workload-credentials-used-outside-aws',
    ]);
  });

  it('lists every rule module in the pack index', () => {
    // Act
    const listed = builtinRules.map((b) => b.path).sort();
    // Assess
    expect(listed).toEqual(modules.sort());
  });

  it.each(builtinRules.map((b) => ({ id: b.rule.id, path: b.path, rule: b.rule })))(
    '$id: id equals the file name',
    ({ id, path }) => {
      expect(basename(path, '.ts')).toBe(id);
    }
  );

  it('has a rule module beside every cases file', () => {
    // Prepare
    const casesFiles = readdirSync(PACK, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) =>
        readdirSync(join(PACK, d.name))
          .filter((f) => f.endsWith('.cases.json'))
          .map((f) => join(PACK, d.name, f))
      );
    // Act
    const orphans = casesFiles.filter((f) => !existsSync(f.replace(/\.cases\.json$/, '.ts')));
    // Assess
    expect(orphans).toEqual([]);
  });

  it('has unique ids', () => {
    const ids = builtinRules.map((b) => b.rule.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(builtinRules.map((b) => ({ id: b.rule.id, path: b.path })))(
    '$id: ships at least two matching and two non-matching cases, all raw',
    ({ path }) => {
      // Prepare
      const file = casesFileOf(path);
      // Act
      const cases = existsSync(file) ? loadCasesFile(file) : [];
      // Assess
      expect({
        matching: cases.filter((c) => c.expect).length >= 2,
        nonMatching: cases.filter((c) => !c.expect).length >= 2,
        notRaw: cases.filter((c) => c.raw !== true).map((c) => c.name),
      }).toEqual({ matching: true, nonMatching: true, notRaw: [] });
    }
  );

  it.each(builtinRules.filter((b) => !(b.rule.id in SINGLE_SHAPE_RULES)).map((b) => ({ id: b.rule.id, path: b.path })))(
    '$id: its matching cases differ in caller type, client or request layout',
    ({ path }) => {
      // Prepare
      const cases = loadCasesFile(casesFileOf(path)).filter((c) => c.expect);
      // Act
      const varieties = cases.map((c) => caseVariety((c.record ?? c.records?.[0]) as CloudTrailRecord));
      // Assess
      const kinds = (key: 'identity' | 'agent' | 'layout') => new Set(varieties.map((v) => v[key])).size;
      expect(Math.max(kinds('identity'), kinds('agent'), kinds('layout')), JSON.stringify(varieties)).toBeGreaterThan(
        1
      );
    }
  );

  it('exempts from the variety check only rules that exist and whose matching cases are indeed of one shape', () => {
    for (const id of Object.keys(SINGLE_SHAPE_RULES)) {
      // Prepare
      const entry = builtinRules.find((b) => b.rule.id === id);
      // Act
      const varieties = entry
        ? loadCasesFile(casesFileOf(entry.path))
            .filter((c) => c.expect)
            .map((c) => JSON.stringify(caseVariety((c.record ?? c.records?.[0]) as CloudTrailRecord)))
        : [];
      // Assess
      expect(new Set(varieties).size, id).toBe(1);
    }
  });

  it.each(builtinRules.map((b) => ({ id: b.rule.id, rule: b.rule })))(
    '$id: has ATT&CK tags the Enterprise table knows, and references',
    ({ rule }) => {
      // Act
      const attack = readAttackTags(rule.tags);
      // Assess
      expect(rule.tags.every((t) => t.startsWith('attack.'))).toBe(true);
      expect(attack.problems).toEqual([]);
      expect(attack.techniques.length).toBeGreaterThan(0);
      expect(rule.references.length > 0 && rule.references.every((r) => r.startsWith('https://'))).toBe(true);
    }
  );

  it('covers every family the issue lists with at least 60 behaviours beside the CIS controls', () => {
    // Prepare
    const behaviours = builtinRules.filter((b) => !b.rule.id.startsWith('cis-'));
    const tactics = new Set(behaviours.flatMap((b) => b.rule.tags).filter((t) => !/^attack\.t\d/.test(t)));
    // Assess
    expect(behaviours.length).toBeGreaterThanOrEqual(60);
    for (const tactic of [
      'defense-evasion',
      'persistence',
      'privilege-escalation',
      'credential-access',
      'exfiltration',
      'initial-access',
      'discovery',
      'impact',
    ]) {
      expect(tactics, tactic).toContain(`attack.${tactic}`);
    }
  });

  it('runs CIS CloudWatch.1-14 from the published pattern strings, character for character', () => {
    // Prepare
    const reference = readFileSync(sharedPath('reference', 'cloudtrail-records.md'), 'utf8');
    const published = new Map<number, string>();
    for (const m of reference.matchAll(/\*\*CloudWatch\.(\d+)\*\*[^\n]*\n```\n([^\n]+)\n```/g))
      published.set(Number(m[1]), m[2] as string);
    // Act
    const ours = new Map(
      builtinRules
        .filter((b) => /^cis-cloudwatch-\d+-/.test(b.rule.id))
        .map((b) => [Number(/^cis-cloudwatch-(\d+)-/.exec(b.rule.id)?.[1]), b.rule.pattern])
    );
    // Assess
    expect(published.size).toBe(14);
    expect(ours).toEqual(published);
  });
});
