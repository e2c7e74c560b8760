import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WHOLE_FILE_LIMIT } from '../../lib/cloudtrail/read-records.js';
import type { LocalLogFile } from '../../lib/local/find-log-files.js';
import { openLocalFile } from '../../lib/local/open-local-file.js';

const fileAt = (path: string, size: number): LocalLogFile => ({
  path,
  ref: { bucket: 'local', key: 'x.json.gz', size },
  size,
});

describe('openLocalFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trailwatch-open-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a small file whole, as the bytes on disk', async () => {
    // Prepare
    const path = join(dir, 'small.json.gz');
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
    await writeFile(path, bytes);
    // Act
    const opened = openLocalFile(fileAt(path, bytes.length));
    // Assess
    expect(opened).toBeInstanceOf(Uint8Array);
    expect(Buffer.compare(opened as Uint8Array, bytes)).toBe(0);
  });

  it('reads a file that shrank since it was found as what it holds now', async () => {
    // Prepare
    const path = join(dir, 'shrank.json.gz');
    await writeFile(path, Buffer.from('{"Records":[]}'));
    // Act
    const opened = openLocalFile(fileAt(path, 4_000)) as Uint8Array;
    // Assess
    expect(Buffer.from(opened).toString()).toBe('{"Records":[]}');
  });

  it('reads a file that grew since it was found as its first bytes, the size found', async () => {
    // Prepare
    const path = join(dir, 'grew.json.gz');
    await writeFile(path, Buffer.from('{"Records":[]}{"more":1}'));
    // Act
    const opened = openLocalFile(fileAt(path, 14)) as Uint8Array;
    // Assess
    expect(Buffer.from(opened).toString()).toBe('{"Records":[]}');
  });

  it('streams a file of the whole-file limit or more', async () => {
    // Prepare
    const path = join(dir, 'big.json.gz');
    const bytes = Buffer.alloc(WHOLE_FILE_LIMIT, 7);
    await writeFile(path, bytes);
    // Act
    const opened = openLocalFile(fileAt(path, bytes.length));
    const chunks: Buffer[] = [];
    for await (const chunk of opened as Readable) chunks.push(chunk as Buffer);
    // Assess
    expect(opened).toBeInstanceOf(Readable);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  });
});
