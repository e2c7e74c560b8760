import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compiledBuiltinRules, ipContextRules, loadRuleSet } from '../../../lib/rules/index.js';

/** The built-in rule files whose source reads the IP context (a helper or the field itself). */
const packRulesReadingContext = (): string[] => {
  const dir = 'lib/rules/pack';
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('helpers.ts') && !file.endsWith('index.ts'))
    .filter((file) =>
      /sourceIpContext|sourceCountry|sourceAsn|context\.sourceIPAddress/.test(readFileSync(join(dir, file), 'utf8'))
    )
    .map((file) => basename(file, '.ts'))
    .sort();
};

describe('ipContextRules', () => {
  it('lists exactly the built-in rules whose source reads the IP context', () => {
    // Act
    const listed = ipContextRules(compiledBuiltinRules()).sort();
    // Assess
    expect(listed).toEqual(packRulesReadingContext());
    expect(listed.length).toBeGreaterThanOrEqual(3);
  });

  it('lists a rule file whose condition reads a context field', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'trailwatch-rules-'));
    writeFileSync(
      join(dir, 'from-kp.yml'),
      'id: sign-in-from-kp\ntitle: Sign-in from KP\nseverity: high\nmatch:\n  all:\n    - field: eventName\n      equals: ConsoleLogin\n    - field: context.sourceIPAddress.country\n      equals: KP\n'
    );
    writeFileSync(
      join(dir, 'no-context.yml'),
      'id: plain-sign-in\ntitle: Sign-in\nseverity: low\nmatch:\n  field: eventName\n  equals: ConsoleLogin\n'
    );
    const { rules } = loadRuleSet({ builtin: false, dirs: [dir] });
    // Act
    const listed = ipContextRules(rules);
    // Assess
    expect(listed).toEqual(['sign-in-from-kp']);
  });
});
