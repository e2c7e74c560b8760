import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zipEntries } from '../helpers/zip-entries.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SERVERLESS = join(ROOT, '.serverless');

/** The most a function's `.cjs` bundle may weigh, uncompressed: 1 MiB = 1,048,576 bytes. */
const MAX_BUNDLE_BYTES = 1024 * 1024;

const zips = existsSync(SERVERLESS)
  ? readdirSync(SERVERLESS)
      .filter((f) => f.endsWith('.zip'))
      .sort()
  : [];

describe('packaged function bundles', () => {
  it('exist: one zip per function in .serverless/', () => {
    // Assess
    expect(existsSync(SERVERLESS), 'no .serverless/ folder: run `npx osls package` first (.ci/run does)').toBe(true);
    expect(zips, 'no function zip in .serverless/: run `npx osls package` first (.ci/run does)').not.toEqual([]);
  });

  it.each(zips)('%s: its .cjs bundle is at most 1 MiB (1,048,576 bytes)', (zip) => {
    // Prepare
    const fn = basename(zip, '.zip');
    // Act
    const bundles = zipEntries(readFileSync(join(SERVERLESS, zip))).filter((e) => e.name.endsWith('.cjs'));
    const oversized = bundles
      .filter((b) => b.size > MAX_BUNDLE_BYTES)
      .map((b) => `${fn}: ${b.name} is ${b.size.toLocaleString('en-US')} bytes, over the 1 MiB limit`);
    // Assess
    expect(bundles.length, `${fn}: no .cjs bundle in ${zip}`).toBeGreaterThan(0);
    expect(oversized).toEqual([]);
  });
});
