import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SERVERLESS = join(ROOT, '.serverless');

/** The most a function's `.cjs` bundle may weigh, uncompressed: 1 MiB = 1,048,576 bytes. */
const MAX_BUNDLE_BYTES = 1024 * 1024;

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;

/** Name and uncompressed size of every entry of a zip, read from its central directory. */
const zipEntries = (zip: Buffer): { name: string; size: number }[] => {
  // The end record is the last 22 bytes, unless a comment (at most 65,535 bytes) follows it.
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== END_OF_CENTRAL_DIRECTORY) end -= 1;
  if (end < 0) throw new Error('not a zip: no end of central directory record');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: { name: string; size: number }[] = [];
  for (let i = 0; i < count; i += 1) {
    if (zip.readUInt32LE(at) !== CENTRAL_DIRECTORY_HEADER) throw new Error(`bad central directory header at ${at}`);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    if (size === 0xffffffff) throw new Error('zip64 entries are not read here');
    entries.push({ name: zip.toString('utf8', at + 46, at + 46 + nameLength), size });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
};

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
