import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listPackModules, PACK_INDEX, REPO_ROOT, renderPackIndex } from '../../scripts/generate-pack-index.js';

describe('renderPackIndex', () => {
  it('matches the committed lib/rules/pack/index.ts byte for byte', () => {
    // Prepare
    const committed = readFileSync(join(REPO_ROOT, PACK_INDEX), 'utf8');
    // Act
    const generated = renderPackIndex(listPackModules());
    // Assess
    expect(committed, 'stale: run node --import tsx scripts/generate-pack-index.ts').toBe(generated);
  });

  it('writes the same index whatever order the modules come in', () => {
    // Prepare
    const modules = listPackModules();
    // Act
    const reversed = renderPackIndex([...modules].reverse());
    // Assess
    expect(reversed).toBe(renderPackIndex(modules));
  });

  it('orders by code unit, so rule 10 comes before rule 2', () => {
    // Act
    const text = renderPackIndex(['cis/cis-2-b.ts', 'cis/cis-10-a.ts', 'cis/cis-1-c.ts']);
    // Assess
    expect([...text.matchAll(/rule as (\w+)/g)].map((m) => m[1])).toEqual(['cis1C', 'cis10A', 'cis2B']);
  });

  it('splits an entry wider than 120 characters over four lines, as Biome does', () => {
    // Prepare
    const long = `s3/${'x'.repeat(80)}.ts`;
    // Act
    const text = renderPackIndex(['s3/short.ts', long]);
    // Assess
    expect(text).toContain("  { rule: short, path: 'lib/rules/pack/s3/short.ts' },\n");
    expect(text).toContain(`  {\n    rule: ${'x'.repeat(80)},\n    path: 'lib/rules/pack/${long}',\n  },\n`);
  });

  it('throws when two services hold a rule with the same id', () => {
    expect(() => renderPackIndex(['ec2/dup-rule.ts', 's3/dup-rule.ts'])).toThrow(/s3\/dup-rule\.ts/);
  });

  it('throws when a file name is not a kebab-case id', () => {
    expect(() => renderPackIndex(['ec2/Bad_Name.ts'])).toThrow(/kebab-case/);
  });
});
