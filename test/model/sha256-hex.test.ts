import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../lib/model/sha256-hex.js';

describe('sha256Hex', () => {
  it('gives the SHA-256 of the string as UTF-8, in hex', () => {
    // Prepare
    const texts = [
      '',
      'abc',
      'rule\u0000111122223333|arn:aws:iam::111122223333:user/alice\u00002026-01-02',
      'é☃😀\u0000',
    ];
    // Act
    const hashes = texts.map(sha256Hex);
    // Assess
    expect(hashes).toEqual(texts.map((t) => createHash('sha256').update(t, 'utf8').digest('hex')));
    expect(hashes[1]).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
