import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { hashLogFile } from '../../lib/digest/core/hash-log-file.js';

const content = Buffer.from('{"Records":[{"eventID":"1"}]}');
const gz = gzipSync(content);
const hash = createHash('sha256').update(content).digest('hex');
const stream = (b: Buffer) => Readable.from([b]);
const corrupted = Buffer.from(gz);
corrupted[12] = (corrupted[12] as number) ^ 0xff;

describe('hashLogFile', () => {
  it.each([
    ['an intact file', gz, hash, { status: 'valid', reason: 'match', cliText: 'valid' }],
    [
      'a file whose trailer was stripped',
      gz.subarray(0, -8),
      hash,
      { status: 'valid', reason: 'match-gzip-unterminated', cliText: 'valid' },
    ],
    [
      'different content',
      gzipSync(Buffer.from('{"Records":[]}')),
      hash,
      { status: 'invalid', reason: 'hash-mismatch', cliText: "INVALID: hash value doesn't match" },
    ],
    [
      'a truncated file',
      gz.subarray(0, 15),
      hash,
      { status: 'invalid', reason: 'truncated', cliText: "INVALID: hash value doesn't match" },
    ],
    [
      'an empty object',
      Buffer.alloc(0),
      hash,
      { status: 'invalid', reason: 'truncated', cliText: "INVALID: hash value doesn't match" },
    ],
    [
      'a file saved decompressed',
      content,
      hash,
      { status: 'invalid', reason: 'decompressed-json', cliText: 'INVALID: invalid format' },
    ],
    [
      'random bytes',
      Buffer.from('not gzip at all'),
      hash,
      { status: 'invalid', reason: 'not-gzip', cliText: 'INVALID: invalid format' },
    ],
    [
      'corrupt deflate data',
      corrupted,
      hash,
      { status: 'invalid', reason: 'corrupt-gzip', cliText: 'INVALID: invalid format' },
    ],
    [
      'data after the member',
      Buffer.concat([gz, Buffer.from('\n')]),
      hash,
      {
        status: 'invalid',
        reason: 'trailing-data',
        cliText: 'INVALID: unexpected data after end of compressed stream',
      },
    ],
    ['an uppercase expected hash', gz, hash.toUpperCase(), { status: 'invalid', reason: 'hash-mismatch' }],
    [
      'an entry without hashValue',
      gz,
      undefined,
      { status: 'invalid', reason: 'no-hash-value', cliText: 'INVALID: invalid format' },
    ],
  ])('judges %s', async (_name, bytes, expected, verdict) => {
    // Act
    const check = await hashLogFile(stream(bytes), expected);
    // Assess
    expect(check).toMatchObject(verdict);
  });

  it('reports a missing object as not found', async () => {
    // Act
    const check = await hashLogFile(undefined, hash);
    // Assess
    expect(check).toEqual({ status: 'invalid', reason: 'not-found', cliText: 'INVALID: not found' });
  });

  it('accepts data after the member when told to behave like aws-cli 1.45', async () => {
    // Act
    const check = await hashLogFile(stream(Buffer.concat([gz, gzipSync(Buffer.from('x'))])), hash, 'ignore');
    // Assess
    expect(check).toMatchObject({ status: 'valid', reason: 'match', actualHash: hash });
  });
});
