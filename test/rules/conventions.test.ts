import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAttackTags } from '../../lib/rules/attack/attack-tags.js';
import { loadCasesFile } from '../../lib/rules/cases/run-cases.js';
import { builtinRules } from '../../lib/rules/pack/index.js';
import { sharedPath } from './helpers.js';

const PACK = 'lib/rules/pack';
const modules = readdirSync(PACK, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(join(PACK, d.name))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(PACK, d.name, f))
  );

describe('built-in rule pack conventions', () => {
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

  it('has unique ids', () => {
    const ids = builtinRules.map((b) => b.rule.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(builtinRules.map((b) => ({ id: b.rule.id, path: b.path })))(
    '$id: ships at least one matching and one non-matching case',
    ({ path }) => {
      // Prepare
      const file = join(dirname(path), `${basename(path, '.ts')}.cases.json`);
      // Act
      const cases = existsSync(file) ? loadCasesFile(file) : [];
      // Assess
      expect({ matching: cases.some((c) => c.expect), nonMatching: cases.some((c) => !c.expect) }).toEqual({
        matching: true,
        nonMatching: true,
      });
    }
  );

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
