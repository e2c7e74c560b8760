import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, crc32InJs } from '../../lib/cloudtrail/crc32.js';

describe('crc32', () => {
  it("gives RFC 1952's check value for the nine digits, in JS and natively", () => {
    // Act
    const digits = Buffer.from('123456789');
    // Assess: the CRC-32 check value (https://reveng.sourceforge.io/crc-catalogue/17plus.htm#crc.cat.crc-32-iso-hdlc)
    expect([crc32InJs(digits), crc32(digits), crc32InJs(Buffer.alloc(0))]).toEqual([0xcbf43926, 0xcbf43926, 0]);
  });

  it('continues a CRC over chunks in JS exactly as zlib.crc32 does', () => {
    // Prepare
    const data = randomBytes(10_000);
    const cuts = [0, 1, 17, 4096, 9_999, 10_000];
    // Act
    let js = 0;
    for (let i = 1; i < cuts.length; i++) js = crc32InJs(data.subarray(cuts[i - 1], cuts[i]), js);
    // Assess
    expect(js).toBe(zlib.crc32(data));
    expect(crc32InJs(data)).toBe(crc32(data));
  });
});
