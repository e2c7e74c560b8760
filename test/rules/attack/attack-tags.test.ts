import { describe, expect, it } from 'vitest';
import { readAttackTags, techniqueOfTag } from '../../../lib/rules/attack/attack-tags.js';
import { ATTACK_TACTICS, ATTACK_TECHNIQUES, ATTACK_VERSION } from '../../../lib/rules/attack/techniques.js';

describe('the committed ATT&CK table', () => {
  it('holds ATT&CK Enterprise 18.1 with its 14 tactics and every technique id once', () => {
    // Act
    const ids = ATTACK_TECHNIQUES.map((t) => t.id);
    // Assess
    expect(ATTACK_VERSION).toBe('18.1');
    expect(ATTACK_TACTICS).toHaveLength(14);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(600);
    expect(ATTACK_TECHNIQUES.every((t) => t.tactics.every((tactic) => ATTACK_TACTICS.includes(tactic as never)))).toBe(
      true
    );
  });

  it('names a sub-technique after its parent and keeps its tactics and platforms', () => {
    expect(techniqueOfTag('attack.t1562.008')).toEqual({
      id: 'T1562.008',
      name: 'Impair Defenses: Disable or Modify Cloud Logs',
      tactics: ['defense-evasion'],
      platforms: ['IaaS', 'SaaS', 'Office Suite', 'Identity Provider'],
    });
  });
});

describe('readAttackTags', () => {
  it('accepts a technique with one of its tactics', () => {
    // Act
    const read = readAttackTags(['attack.defense-evasion', 'attack.t1562.008']);
    // Assess
    expect(read).toMatchObject({ tactics: ['defense-evasion'], problems: [] });
    expect(read.techniques.map((t) => t.id)).toEqual(['T1562.008']);
  });

  it('rejects a technique the table does not hold (revoked T1108) and a tactic ATT&CK lacks', () => {
    // Act
    const { problems } = readAttackTags(['attack.defense-evasion', 'attack.t1108', 'attack.evasion', 'attack.t1562']);
    // Assess
    expect(problems).toEqual([
      'attack.t1108 is not a technique of ATT&CK Enterprise (revoked, deprecated or mistyped)',
      'attack.evasion is neither a technique (attack.t1234.001) nor an Enterprise tactic (attack.defense-evasion)',
    ]);
  });

  it('rejects a technique whose tactics the rule does not tag, and a tactic no technique serves', () => {
    // Act
    const { problems } = readAttackTags(['attack.exfiltration', 'attack.t1530']);
    // Assess
    expect(problems).toEqual([
      'attack.t1530 (Data from Cloud Storage) is a technique of collection, which the rule does not tag',
      "attack.exfiltration: none of the rule's techniques serves this tactic",
    ]);
  });

  it('leaves tags outside attack. alone', () => {
    expect(readAttackTags(['cis.cloudwatch.1', 'attack.initial-access', 'attack.t1078.004']).problems).toEqual([]);
  });
});
