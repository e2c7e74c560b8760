import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { DigestCheckError } from '../../lib/digest/errors.js';
import { MAX_DIGEST_BYTES } from '../../lib/digest/constants.js';
import { loadDigest } from '../../lib/digest/core/load-digest.js';

const KEY =
  'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/01/02/111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20260102T010000Z.json.gz';
const BACKFILL = KEY.replace('.json.gz', '_backfill.json.gz');
const doc = {
  digestStartTime: '2026-01-02T00:00:00Z',
  digestEndTime: '2026-01-02T01:00:00Z',
  digestS3Bucket: 'b',
  digestS3Object: KEY,
  digestPublicKeyFingerprint: 'f'.repeat(32),
  previousDigestSignature: null,
  logFiles: [],
};
const java = (d: unknown): string => JSON.stringify(d).replace(/\//g, '\\/');
const signed = { signature: 'ab', 'signature-algorithm': 'SHA256withRSA' };
const load = (body: Buffer, metadata: Record<string, string> = signed, key = KEY) =>
  loadDigest({ body, metadata }, 'b', key);
const failure = async (promise: Promise<unknown>): Promise<DigestCheckError> => {
  try {
    await promise;
  } catch (error) {
    return error as DigestCheckError;
  }
  throw new Error('no error thrown');
};

describe('loadDigest', () => {
  it('hashes the exact decompressed bytes, keeping the \\/ escapes', async () => {
    // Prepare
    const bytes = Buffer.from(java(doc));
    // Act
    const digest = await load(gzipSync(bytes));
    // Assess
    expect(bytes.includes('AWSLogs\\/111122223333')).toBe(true);
    expect(digest.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(digest.sha256).not.toBe(createHash('sha256').update(JSON.stringify(doc)).digest('hex'));
  });

  it('ignores anything after the first gzip member', async () => {
    const digest = await load(Buffer.concat([gzipSync(java(doc)), Buffer.from('junk')]));
    expect(digest.doc.digestS3Object).toBe(KEY);
  });

  it.each([
    ['not gzip', Buffer.from(java(doc)), signed, KEY, 'invalid-format', 'INVALID: invalid format'],
    [
      'a gzip without its trailer',
      gzipSync(java(doc)).subarray(0, -8),
      signed,
      KEY,
      'invalid-format',
      'INVALID: invalid format',
    ],
    [
      'a UTF-8 byte order mark',
      gzipSync(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(java(doc))])),
      signed,
      KEY,
      'invalid-format',
      'INVALID: invalid format',
    ],
    [
      'invalid UTF-8',
      gzipSync(Buffer.from([0x7b, 0xff, 0x7d])),
      signed,
      KEY,
      'invalid-format',
      'INVALID: invalid format',
    ],
    [
      'no signature metadata (checked before the JSON shape)',
      gzipSync('[1]'),
      { 'signature-algorithm': 'x' },
      KEY,
      'signature-missing',
      'INVALID: signature verification failed',
    ],
    [
      'a JSON array',
      gzipSync('[1]'),
      signed,
      KEY,
      'unexpected',
      'INVALID: list indices must be integers or slices, not str',
    ],
    [
      'a JSON string',
      gzipSync('"x"'),
      signed,
      KEY,
      'unexpected',
      "INVALID: 'str' object does not support item assignment",
    ],
    [
      'a backfill digest without its generation timestamp',
      gzipSync(java({ ...doc, digestS3Object: BACKFILL })),
      signed,
      BACKFILL,
      'backfill-timestamp-missing',
      'INVALID: invalid format',
    ],
    [
      'a missing required field',
      gzipSync(java({ ...doc, digestStartTime: undefined })),
      signed,
      KEY,
      'field-missing',
      'INVALID: invalid format',
    ],
    [
      'a digest read from another key',
      gzipSync(java({ ...doc, digestS3Object: `${KEY}.copy` })),
      signed,
      KEY,
      'moved',
      'INVALID: has been moved from its original location',
    ],
  ])('rejects %s', async (_name, body, metadata, key, reason, text) => {
    // Act
    const error = await failure(load(body, metadata, key));
    // Assess
    expect(error.reason).toBe(reason);
    expect(error.cliLine).toBe(`Digest file\ts3://b/${key}\t${text}`);
  });

  it('refuses a digest that inflates past MAX_DIGEST_BYTES, naming it', async () => {
    // Prepare: about 65 KB of gzip that inflates to one byte more than the cap
    const bomb = gzipSync(Buffer.alloc(MAX_DIGEST_BYTES + 1, 0x20));
    // Act
    const error = await failure(load(bomb));
    // Assess
    expect(bomb.length).toBeLessThan(128 * 1024);
    expect(error).toMatchObject({ name: 'DigestCheckError', reason: 'too-large', bucket: 'b', key: KEY });
    expect(error.cliLine).toBe(`Digest file\ts3://b/${KEY}\tINVALID: invalid format`);
    expect((error.cause as Error).message).toBe(
      `s3://b/${KEY}: ${bomb.length} compressed bytes inflate past ${MAX_DIGEST_BYTES} bytes (MAX_DIGEST_BYTES): refused as a decompression bomb`
    );
  });

  it('lets null values pass the required-field check, as the CLI does', async () => {
    const digest = await load(gzipSync(java({ ...doc, digestStartTime: null })));
    expect(digest.doc.digestStartTime).toBeNull();
  });
});
