import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DigestCheckError } from '../../lib/digest/errors.js';
import { fingerprintOf, loadPublicKey, parseListPublicKeysOutput } from '../../lib/digest/core/public-keys.js';
import type { LoadedDigest, PublicKeyRecord } from '../../lib/digest/types.js';
import { stringToSign, verifyDigestSignature } from '../../lib/digest/core/verify-signature.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs1 = publicKey.export({ format: 'der', type: 'pkcs1' });
const spki = publicKey.export({ format: 'der', type: 'spki' });
const record = (der: Buffer): PublicKeyRecord => ({ fingerprint: fingerprintOf(der), der });

const digestOf = (bytes: string, doc: Record<string, unknown>): LoadedDigest => ({
  bucket: 'b',
  key: 'c',
  backfill: false,
  bytes: Buffer.from(bytes),
  sha256: createHash('sha256').update(bytes).digest('hex'),
  doc: { digestPublicKeyFingerprint: fingerprintOf(pkcs1), ...doc },
  metadata: {},
});
const digest = digestOf('abc', {
  digestEndTime: 'a',
  digestS3Bucket: 'b',
  digestS3Object: 'c',
  previousDigestSignature: null,
});
const signed = (d: LoadedDigest, algorithm = 'sha256'): string =>
  sign(algorithm, Buffer.from(stringToSign(d)), privateKey).toString('hex');
const failure = (fn: () => void): DigestCheckError => {
  try {
    fn();
  } catch (error) {
    return error as DigestCheckError;
  }
  throw new Error('no error thrown');
};

describe('stringToSign', () => {
  it('is the value aws-cli pins in its unit test, with "null" for a starting digest', () => {
    expect(stringToSign(digest)).toBe('a\nb/c\nba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\nnull');
  });

  it('carries the previous signature as written', () => {
    expect(
      stringToSign({ ...digest, doc: { ...digest.doc, previousDigestSignature: 'abcd' } }).endsWith('\nabcd')
    ).toBe(true);
  });
});

describe('verifyDigestSignature', () => {
  it.each([
    ['PKCS#1', pkcs1],
    ['SPKI', spki],
  ])('accepts a SHA256withRSA signature under a %s key', (_name, der) => {
    expect(() => verifyDigestSignature(digest, record(der), signed(digest))).not.toThrow();
  });

  it.each([
    [
      'content changed after signing',
      () => verifyDigestSignature(digestOf('abd', digest.doc), record(pkcs1), signed(digest)),
      'signature verification failed',
    ],
    [
      'a SHA-1 signature',
      () => verifyDigestSignature(digest, record(pkcs1), signed(digest, 'sha1')),
      'signature verification failed',
    ],
    [
      'an odd-length signature',
      () => verifyDigestSignature(digest, record(pkcs1), 'abc'),
      'INVALID: Odd-length string',
    ],
    [
      'a non-hex signature',
      () => verifyDigestSignature(digest, record(pkcs1), 'zz'),
      'INVALID: Non-hexadecimal digit found',
    ],
    [
      'an SPKI key in aws-cli mode',
      () => verifyDigestSignature(digest, record(spki), signed(digest), 'pkcs1-only'),
      `INVALID: Unable to load PKCS #1 key with fingerprint ${fingerprintOf(pkcs1)}`,
    ],
    [
      'bytes that are no key',
      () => verifyDigestSignature(digest, record(Buffer.from('nope')), signed(digest)),
      'Unable to load PKCS #1 key',
    ],
  ])('rejects %s with the CLI message', (_name, act, message) => {
    // Act
    const error = failure(act);
    // Assess
    expect(error.name).toBe('DigestCheckError');
    expect(error.cliLine.startsWith('Digest file\ts3://b/c\t')).toBe(true);
    expect(error.cliLine).toContain(message);
  });
});

describe('public keys', () => {
  it('fingerprints as MD5 of the DER and loads both encodings', () => {
    expect(fingerprintOf(pkcs1)).toBe(createHash('md5').update(pkcs1).digest('hex'));
    expect(pkcs1.length).toBe(270);
    expect(loadPublicKey(spki)?.asymmetricKeyType).toBe('rsa');
    expect(loadPublicKey(spki, 'pkcs1-only')).toBeUndefined();
  });

  it('reads list-public-keys output with epoch or ISO times', () => {
    // Prepare
    const text = JSON.stringify({
      PublicKeyList: [
        {
          Value: pkcs1.toString('base64'),
          ValidityStartTime: 1767225600,
          ValidityEndTime: '2026-02-01T00:00:00+00:00',
          Fingerprint: fingerprintOf(pkcs1),
        },
      ],
    });
    // Act
    const [key] = parseListPublicKeysOutput(text, 'keys.json');
    // Assess
    expect(key?.validityStart?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(key?.validityEnd?.toISOString()).toBe('2026-02-01T00:00:00.000Z');
  });

  it('rejects a file whose fingerprint does not match the key', () => {
    const text = JSON.stringify({ PublicKeyList: [{ Value: pkcs1.toString('base64'), Fingerprint: '0'.repeat(32) }] });
    expect(() => parseListPublicKeysOutput(text, 'keys.json')).toThrow(
      /keys\.json: PublicKeyList\[0\]: Fingerprint 0+ is not MD5/
    );
  });
});
