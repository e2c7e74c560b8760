import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { crc32, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inflateFirstMember } from '../../lib/digest/core/inflate-first-member.js';
import { gzipBomb } from '../helpers/gzip-bomb.js';
import { hasBinary } from '../helpers/run-cli.js';

const content = Buffer.from(
  JSON.stringify({ Records: Array.from({ length: 200 }, (_, i) => ({ eventID: `e${i}`, pad: 'x'.repeat(i % 40) })) })
);
const gz = gzipSync(content);
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

const inflate = async (bytes: Buffer, chunkSize = 4096) => {
  const chunks: Buffer[] = [];
  for (let o = 0; o < bytes.length; o += chunkSize) chunks.push(bytes.subarray(o, o + chunkSize));
  const hash = createHash('sha256');
  const result = await inflateFirstMember(Readable.from(chunks), (c) => hash.update(c));
  return { ...result, sha256: hash.digest('hex') };
};

const withHeader = (flags: number, fields: Buffer): Buffer => {
  const header = Buffer.from(gz.subarray(0, 10));
  header[3] = flags;
  return Buffer.concat([header, fields, gz.subarray(10)]);
};

describe('inflateFirstMember', () => {
  it.each([
    ['a complete member', gz, { kind: 'complete', trailingData: false }],
    [
      'a second gzip member',
      Buffer.concat([gz, gzipSync(Buffer.from('{}'))]),
      { kind: 'complete', trailingData: true },
    ],
    ['one newline after the member', Buffer.concat([gz, Buffer.from('\n')]), { kind: 'complete', trailingData: true }],
    ['the trailer stripped', gz.subarray(0, -8), { kind: 'truncated', part: 'trailer', trailerBytes: 0 }],
    ['half the trailer', gz.subarray(0, -4), { kind: 'truncated', part: 'trailer', trailerBytes: 4 }],
    ['the body cut in half', gz.subarray(0, gz.length >> 1), { kind: 'truncated', part: 'deflate' }],
    ['the header cut', gz.subarray(0, 5), { kind: 'truncated', part: 'header' }],
    ['nothing at all', Buffer.alloc(0), { kind: 'truncated', part: 'header' }],
    ['plain JSON', content, { kind: 'corrupt', part: 'header', detail: 'incorrect header check' }],
    [
      'a wrong CRC32',
      Buffer.concat([gz.subarray(0, -8), Buffer.alloc(4), gz.subarray(-4)]),
      { kind: 'corrupt', part: 'trailer', detail: 'incorrect data check' },
    ],
    [
      'a wrong ISIZE',
      Buffer.concat([gz.subarray(0, -4), Buffer.from([1, 2, 3, 4])]),
      { kind: 'corrupt', part: 'trailer', detail: 'incorrect length check' },
    ],
    [
      'reserved flag bits',
      withHeader(0x20, Buffer.alloc(0)),
      { kind: 'corrupt', part: 'header', detail: 'unknown header flags set' },
    ],
  ])('reads %s', async (_name, bytes, expected) => {
    // Act
    const result = await inflate(bytes);
    // Assess
    expect(result).toMatchObject(expected);
  });

  it.each([
    ['FNAME and FCOMMENT', withHeader(0x18, Buffer.from('name.json\0a comment\0'))],
    ['FEXTRA', withHeader(0x04, Buffer.from([3, 0, 1, 2, 3]))],
    [
      'a correct FHCRC',
      (() => {
        const header = Buffer.from(gz.subarray(0, 10));
        header[3] = 0x02;
        const hcrc = Buffer.alloc(2);
        hcrc.writeUInt16LE(crc32(header) & 0xffff);
        return Buffer.concat([header, hcrc, gz.subarray(10)]);
      })(),
    ],
  ])('hashes the same content behind a header with %s', async (_name, bytes) => {
    // Act
    const result = await inflate(bytes, 3);
    // Assess
    expect(result).toMatchObject({ kind: 'complete', trailingData: false });
    expect(result.sha256).toBe(sha(content));
  });

  it('stops a decompression bomb at maxOutputBytes without reading or inflating the rest', async () => {
    // Prepare: 256 MiB of zeros in about 260 KB, read in 16 KB pieces as from S3
    const bomb = gzipBomb(256);
    const chunks: Buffer[] = [];
    for (let o = 0; o < bomb.length; o += 16 * 1024) chunks.push(bomb.subarray(o, o + 16 * 1024));
    let delivered = 0;
    // Act
    const result = await inflateFirstMember(Readable.from(chunks), (c) => (delivered += c.length), {
      maxOutputBytes: 4 * 1024 * 1024,
    });
    // Assess
    expect(result).toMatchObject({ kind: 'too-large', maxOutputBytes: 4 * 1024 * 1024 });
    expect(delivered).toBe(result.outputBytes);
    expect(delivered).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(result.compressedBytes).toBeLessThan(bomb.length / 2);
  });

  it('inflates a member of exactly maxOutputBytes whole', async () => {
    // Act
    const result = await inflateFirstMember(Readable.from([gzipBomb(4)]), () => {}, {
      maxOutputBytes: 4 * 1024 * 1024,
    });
    // Assess
    expect(result).toMatchObject({ kind: 'complete', trailingData: false, outputBytes: 4 * 1024 * 1024 });
  });

  it('gives the same result whatever the chunking', async () => {
    // Prepare
    const bytes = Buffer.concat([gz, Buffer.from('x')]);
    // Act
    const results = await Promise.all([1, 7, 8, 9, 4096, 1 << 20].map((size) => inflate(bytes, size)));
    // Assess
    for (const r of results)
      expect(r).toMatchObject({
        kind: 'complete',
        trailingData: true,
        sha256: sha(content),
        outputBytes: content.length,
      });
  });
});

const python = (await hasBinary('python3')) ? 'python3' : undefined;

describe.skipIf(python === undefined)('inflateFirstMember against Python zlib (what the CLI uses)', () => {
  it('agrees on truncations at every edge, flipped bits, appended data and header flags', async () => {
    // Prepare
    const script = fileURLToPath(new URL('./fixtures/zlib-verdicts.py', import.meta.url));
    const { stdout } = await promisify(execFile)(python as string, [script], { maxBuffer: 64 << 20 });
    const cases = JSON.parse(stdout) as Array<{
      b64: string;
      py: { err?: string; hash?: string; unused?: boolean; oneshot?: string };
    }>;
    // Act
    const disagreements: string[] = [];
    for (const [i, c] of cases.entries()) {
      const r = await inflate(Buffer.from(c.b64, 'base64'), 2048);
      // Streaming (logs): a zlib error, or the hash and whether data followed the member.
      const streaming = c.py.err
        ? r.kind === 'corrupt' && c.py.err.endsWith(r.detail)
        : r.kind !== 'corrupt' && r.sha256 === c.py.hash && (r.kind === 'complete' && r.trailingData) === c.py.unused;
      // One-shot (digests): zlib.decompress succeeds exactly for a complete member.
      const oneShot = c.py.err ? r.kind !== 'complete' : (c.py.oneshot !== 'ERR') === (r.kind === 'complete');
      if (!streaming || !oneShot) disagreements.push(`case ${i}: ${JSON.stringify(r)} vs ${JSON.stringify(c.py)}`);
    }
    // Assess
    expect(cases.length).toBeGreaterThan(100);
    expect(disagreements).toEqual([]);
  });
});
