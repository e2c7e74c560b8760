import { verify } from 'node:crypto';
import { pyStr } from './py-str.js';
import { CLI_TEXT } from '../constants.js';
import { DigestCheckError } from '../errors.js';
import { loadPublicKey } from './public-keys.js';
import type { KeyEncodingRule, LoadedDigest, PublicKeyRecord } from '../types.js';

/**
 * The string CloudTrail signs, per
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html:
 * `digestEndTime \n digestS3Bucket/digestS3Object \n hex SHA-256 of the decompressed digest \n
 * previousDigestSignature` (the four characters `null` for a starting digest), UTF-8, no trailing newline.
 * The first fields are the JSON values as written, not where the object was read from.
 * @example
 * stringToSign(digest) // '2026-01-02T10:00:00Z\nbucket/AWSLogs/…json.gz\n9f86…\nnull'
 */
export const stringToSign = (digest: LoadedDigest): string => {
  const { doc } = digest;
  const previous = doc.previousDigestSignature === null ? 'null' : pyStr(doc.previousDigestSignature);
  return `${pyStr(doc.digestEndTime)}\n${pyStr(doc.digestS3Bucket)}/${pyStr(doc.digestS3Object)}\n${digest.sha256}\n${previous}`;
};

/** Python's `binascii.unhexlify`, with its error messages. */
const unhexlify = (text: string): Buffer => {
  if (/[^\p{ASCII}]/u.test(text)) throw new Error('string argument should contain only ASCII characters');
  if (text.length % 2 === 1) throw new Error('Odd-length string');
  if (!/^[0-9a-fA-F]*$/.test(text)) throw new Error('Non-hexadecimal digit found');
  return Buffer.from(text, 'hex');
};

/**
 * Verifies a digest's SHA256withRSA (RSASSA-PKCS1-v1_5) signature, in the CLI's order: load the key
 * (`Unable to load PKCS #1 key with fingerprint …`), decode the hex signature (Python's own
 * message for bad hex), verify (`signature verification failed`). Only a SHA-256 DigestInfo is
 * accepted, whatever the `signature-algorithm` metadata says (the CLI ignores it too).
 *
 * @param digest - the loaded digest
 * @param key - the public key whose fingerprint the digest names
 * @param signatureHex - the signature: `signature` metadata, or offline the next digest's `previousDigestSignature`
 * @param rule - which key encodings load
 * @throws DigestCheckError carrying the CLI's line
 */
export const verifyDigestSignature = (
  digest: LoadedDigest,
  key: PublicKeyRecord,
  signatureHex: string,
  rule: KeyEncodingRule = 'pkcs1-or-spki'
): void => {
  const publicKey = loadPublicKey(key.der, rule);
  if (publicKey === undefined) {
    throw new DigestCheckError(
      'key-unloadable',
      digest.bucket,
      digest.key,
      `INVALID: Unable to load PKCS #1 key with fingerprint ${pyStr(digest.doc.digestPublicKeyFingerprint)}`
    );
  }
  let signature: Buffer;
  try {
    signature = unhexlify(signatureHex);
  } catch (error) {
    throw new DigestCheckError('unexpected', digest.bucket, digest.key, `INVALID: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const ok = verify('sha256', Buffer.from(stringToSign(digest), 'utf8'), publicKey, signature);
  if (!ok) throw new DigestCheckError('signature-mismatch', digest.bucket, digest.key, CLI_TEXT.signatureFailed);
};
