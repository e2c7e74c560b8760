import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzipWhole } from '../../lib/cloudtrail/gunzip-whole.js';
import { encodeLogFile } from '../../tools/sample/generate-trail.js';
import { someRecords } from '../helpers/log-files.js';

/** A digest of the bytes, or the fact that it threw. */
const outcome = (unzip: () => Buffer): string => {
  try {
    return createHash('sha256').update(unzip()).digest('hex');
  } catch {
    return 'throws';
  }
};

describe('gunzipWhole', () => {
  const gz = encodeLogFile(someRecords(200));
  const plain = gunzipSync(gz);
  const truncated = gz.subarray(0, Math.floor(gz.length * 0.6));
  const corrupt = Buffer.from(gz);
  corrupt.fill(0xff, 200, 260);
  const twoMembers = Buffer.concat([gzipSync('{"Records":[{"a":1},'), gzipSync('{"b":2}]}')]);

  it.each([
    ['one member', gz],
    ['two members', twoMembers],
    ['trailing garbage', Buffer.concat([gz, Buffer.from('not gzip')])],
    ['a truncated stream', truncated],
    ['corrupt data', corrupt],
    ['a header only', gz.subarray(0, 10)],
  ])('gives what gunzipSync gives for %s', (_name, bytes) => {
    expect(outcome(() => gunzipWhole(bytes, 1 << 20))).toEqual(outcome(() => gunzipSync(bytes)));
  });

  it('refuses trailing zero padding, which gunzipSync ignores, so that the caller reports the bytes', () => {
    expect(() => gunzipSync(Buffer.concat([gz, Buffer.alloc(7)]))).not.toThrow();
    expect(() => gunzipWhole(Buffer.concat([gz, Buffer.alloc(7)]), 1 << 20)).toThrow(/bytes follow the gzip stream/);
  });

  it('fills as many output buffers as the data needs when the size hint is short', () => {
    expect(gunzipWhole(gz, 1000).equals(plain)).toBe(true);
    expect(gunzipWhole(gz, plain.length).equals(plain)).toBe(true);
  });

  it('decompresses each file afresh: a damaged file between two good ones leaves the next intact', () => {
    const other = gzipSync('{"Records":[]}');
    expect(gunzipWhole(gz, plain.length + 1).equals(plain)).toBe(true);
    expect(() => gunzipWhole(corrupt, plain.length + 1)).toThrow(/truncated or corrupt/);
    expect(() => gunzipWhole(truncated, plain.length + 1)).toThrow(/truncated or corrupt/);
    expect(gunzipWhole(other, 64).toString()).toBe('{"Records":[]}');
    expect(gunzipWhole(gz, plain.length + 1).equals(plain)).toBe(true);
  });

  it('keeps no bytes of one file in the next: each result is its own buffer', () => {
    const first = gunzipWhole(gz, plain.length + 1);
    const copy = Buffer.from(first);
    gunzipWhole(gzipSync(Buffer.alloc(plain.length, 0x20)), plain.length + 1);
    expect(first.equals(copy)).toBe(true);
  });
});
