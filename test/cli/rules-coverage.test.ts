import { describe, expect, it } from 'vitest';
import { ATTACK_TECHNIQUES } from '../../lib/rules/attack/techniques.js';
import { builtinRules } from '../../lib/rules/pack/index.js';
import { spawnTrailwatch } from '../helpers/spawn-trailwatch.js';

const KNOWN = new Set(ATTACK_TECHNIQUES.map((t) => t.id));

/** The technique ids the built-in pack's tags name. */
const packTechniques = new Set(
  builtinRules.flatMap((b) => b.rule.tags.filter((t) => /^attack\.t\d/.test(t)).map((t) => t.slice(7).toUpperCase()))
);

type Layer = {
  name: string;
  versions: Record<string, string>;
  domain: string;
  techniques: Array<{
    techniqueID: string;
    score: number;
    comment: string;
    metadata: Array<{ name: string; value: string }>;
  }>;
  gradient: { minValue: number; maxValue: number; colors: string[] };
};

describe('trailwatch rules coverage', () => {
  it('prints an ATT&CK Navigator 4.5 layer with one scored entry per technique of the pack', async () => {
    // Act
    const { code, stdout, stderr } = await spawnTrailwatch(['rules', 'coverage', '--format', 'navigator']);
    // Assess
    const layer = JSON.parse(stdout) as Layer;
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(layer).toMatchObject({
      domain: 'enterprise-attack',
      versions: { attack: '18', navigator: '5.1.0', layer: '4.5' },
    });
    expect(new Set(layer.techniques.map((t) => t.techniqueID))).toEqual(packTechniques);
    expect(layer.techniques.length).toBe(packTechniques.size);
    for (const t of layer.techniques) {
      expect(KNOWN.has(t.techniqueID), t.techniqueID).toBe(true);
      expect(t.score).toBe(t.metadata.length);
      expect(t.comment).toBe(
        `${t.score} rule${t.score === 1 ? '' : 's'}: ${t.metadata.map((m) => m.value).join(', ')}`
      );
    }
    expect(layer.gradient.maxValue).toBe(Math.max(...layer.techniques.map((t) => t.score)));
    const logs = layer.techniques.find((t) => t.techniqueID === 'T1562.008');
    expect(logs?.metadata.map((m) => m.value)).toEqual(
      expect.arrayContaining(['cloudtrail-logging-stopped', 'cloudtrail-trail-deleted', 'vpc-flow-logs-deleted'])
    );
  });

  it('adds the rules of --rules folders, drops --disable ids, and warns with file:line about a technique ATT&CK lacks and a misspelt tactic', async () => {
    // Act
    const { code, stdout, stderr } = await spawnTrailwatch([
      'rules',
      'coverage',
      '--format',
      'json',
      '--rules',
      'test/fixtures/rules/coverage',
      '--disable',
      'ec2-ami-made-public',
    ]);
    // Assess
    const matrix = JSON.parse(stdout);
    const cell = (tactic: string, id: string) =>
      matrix.tactics
        .find((t: { tactic: string }) => t.tactic === tactic)
        ?.techniques.find((t: { id: string }) => t.id === id);
    expect(code).toBe(0);
    expect(stderr).toBe(
      'trailwatch rules: test/fixtures/rules/coverage/s3-object-exfiltration.yml:1: s3-objects-copied-out: attack.t1089 is not a technique of ATT&CK Enterprise 18.1 (left out of the coverage)\n' +
        'trailwatch rules: test/fixtures/rules/coverage/s3-object-exfiltration.yml:1: s3-objects-copied-out: attack.Exfiltration is neither a technique (attack.t1234.001) nor a tactic of ATT&CK Enterprise 18.1 (left out of the coverage)\n'
    );
    expect(matrix.rules).toBe(builtinRules.length);
    expect(cell('exfiltration', 'T1537').ruleIds).toContain('s3-objects-copied-out');
    expect(cell('exfiltration', 'T1537').ruleIds).not.toContain('ec2-ami-made-public');
    expect(matrix.unknownTags).toEqual([{ ruleId: 's3-objects-copied-out', tag: 'attack.t1089' }]);
  });

  it('places a technique only under the tactics its rule tags', async () => {
    // Act
    const { stdout } = await spawnTrailwatch(['rules', 'coverage', '--format', 'json']);
    // Assess
    const matrix = JSON.parse(stdout);
    const holders = matrix.tactics
      .filter((t: { techniques: Array<{ id: string }> }) => t.techniques.some((x) => x.id === 'T1078.004'))
      .map((t: { tactic: string }) => t.tactic);
    // T1078.004 serves four tactics: it sits only under those its rules tag beside it
    const tagged = builtinRules
      .filter((b) => b.rule.tags.includes('attack.t1078.004'))
      .flatMap((b) => b.rule.tags.filter((t) => !/^attack\.t\d/.test(t)).map((t) => t.slice('attack.'.length)));
    expect(holders.length).toBeLessThan(4);
    expect(holders.every((h: string) => tagged.includes(h))).toBe(true);
  });

  it('prints the matrix as a table, tactic by tactic, with a summary', async () => {
    // Act
    const { code, stdout } = await spawnTrailwatch(['rules', 'coverage', '--format', 'table']);
    // Assess
    expect(code).toBe(0);
    expect(stdout).toMatch(/^reconnaissance \(0 techniques\)\n/);
    expect(stdout).toMatch(
      /\n {2}T1562\.008 +\d+ {2}Impair Defenses: Disable or Modify Cloud Logs: [a-z0-9-, ]*cloudtrail-logging-stopped/
    );
    expect(stdout).toContain(`\n${builtinRules.length} rules cover ${packTechniques.size} techniques in `);
  });

  it('exits 2 on a format list and test do not take, naming the formats', async () => {
    // Act
    const { code, stderr } = await spawnTrailwatch(['rules', 'coverage', '--format', 'jsonl']);
    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain("trailwatch rules: --format must be one of table, json, navigator, got 'jsonl'");
  });
});
