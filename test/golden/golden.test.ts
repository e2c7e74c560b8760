import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mapLimit } from '../helpers/run-cli.js';
import { GOLDEN_CASES, OUTPUTS_DIR, REPO_ROOT } from './cases.js';
import { type CaseOutput, OUTPUT_KINDS, outputFile, runCase } from './run-case.js';

/*
 * Byte-for-byte comparison with the committed outputs; nothing is normalised. What would vary
 * between runs is pinned in the cases instead (validate's --end-time, relative paths from the
 * repository root) and in the child's environment (run-case.ts).
 */

const committed = (file: string): Promise<string> => readFile(join(REPO_ROOT, file), 'utf8');

describe('trailwatch launcher on the golden inputs', () => {
  const outputs = new Map<string, CaseOutput>();
  beforeAll(async () => {
    // Two at a time: each launch compiles through tsx for about a second.
    const results = await mapLimit(GOLDEN_CASES, 2, runCase);
    for (const [index, golden] of GOLDEN_CASES.entries()) outputs.set(golden.name, results[index] as CaseOutput);
  }, 180_000);

  it.each(GOLDEN_CASES.flatMap((golden) => OUTPUT_KINDS.map((kind) => [golden.name, kind] as const)))(
    '%s prints the committed %s',
    async (name, kind) => {
      // Prepare
      const expected = await committed(outputFile(name, kind));
      // Act
      const actual = outputs.get(name)?.[kind];
      // Assess
      expect(actual).toBe(expected);
    }
  );

  it('has a case for every committed output file', async () => {
    // Prepare
    const cased = new Set(GOLDEN_CASES.flatMap((golden) => OUTPUT_KINDS.map((kind) => outputFile(golden.name, kind))));
    // Act
    const files = (await readdir(join(REPO_ROOT, OUTPUTS_DIR))).map((name) => `${OUTPUTS_DIR}/${name}`);
    // Assess
    expect(files.filter((file) => !cased.has(file))).toEqual([]);
  });

  it('names every case once, in kebab-case', () => {
    // Act
    const names = GOLDEN_CASES.map((golden) => golden.name);
    // Assess
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((name) => !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name))).toEqual([]);
  });
});
