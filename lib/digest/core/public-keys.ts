import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { InputFileError } from '../errors.js';
import type { KeyEncodingRule, PublicKeyRecord, PublicKeySource } from '../types.js';

/**
 * Fingerprint of a CloudTrail public key: lowercase hex MD5 of its DER bytes, the value digests
 * carry in `digestPublicKeyFingerprint` (checked on real AWS keys, PKCS#1 and SPKI alike).
 * @param der - the key's DER bytes (ListPublicKeys `Value`, base64-decoded)
 */
export const fingerprintOf = (der: Uint8Array): string => createHash('md5').update(der).digest('hex');

/**
 * Loads a public key from DER. CloudTrail documents PKCS#1 `RSAPublicKey`, but one AWS sample key
 * is X.509 `SubjectPublicKeyInfo`; both load unless `rule` is `pkcs1-only`, which is what aws-cli
 * accepts (it reports "Unable to load PKCS #1 key" for SPKI).
 * @returns the key, or undefined when the bytes are no RSA key in an accepted encoding
 */
export const loadPublicKey = (der: Uint8Array, rule: KeyEncodingRule = 'pkcs1-or-spki'): KeyObject | undefined => {
  const types = rule === 'pkcs1-only' ? (['pkcs1'] as const) : (['pkcs1', 'spki'] as const);
  for (const type of types) {
    try {
      const key = createPublicKey({ key: Buffer.from(der), format: 'der', type });
      if (key.asymmetricKeyType === 'rsa') return key;
    } catch {
      // try the next encoding
    }
  }
  return undefined;
};

const toDate = (value: unknown, file: string, where: string): Date | undefined => {
  if (value === undefined || value === null) return undefined;
  const date =
    typeof value === 'number' ? new Date(value * 1000) : typeof value === 'string' ? new Date(value) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) {
    throw new InputFileError(file, `${where}: not an epoch-seconds number or ISO time: ${JSON.stringify(value)}`);
  }
  return date;
};

/**
 * Reads what `aws cloudtrail list-public-keys` prints: `{"PublicKeyList": [{"Value": <base64 DER>,
 * "ValidityStartTime", "ValidityEndTime", "Fingerprint"}]}`, times as epoch seconds (CLI v1) or ISO
 * strings (CLI v2). The fingerprint is recomputed as MD5(DER); a file whose `Fingerprint` disagrees
 * was edited or damaged and is rejected.
 *
 * @param text - the file's content
 * @param file - its name, for error messages
 * @throws InputFileError naming the file and the entry that is wrong
 */
export const parseListPublicKeysOutput = (text: string, file: string): PublicKeyRecord[] => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputFileError(file, 'not JSON', { cause: error });
  }
  const list = (parsed as { PublicKeyList?: unknown })?.PublicKeyList;
  if (!Array.isArray(list))
    throw new InputFileError(file, 'no PublicKeyList array (expected `aws cloudtrail list-public-keys` output)');
  return list.map((entry: Record<string, unknown>, index) => {
    const where = `PublicKeyList[${index}]`;
    if (typeof entry?.Value !== 'string' || !/^[A-Za-z0-9+/=\s]+$/.test(entry.Value)) {
      throw new InputFileError(file, `${where}.Value: not a base64 string`);
    }
    const der = Buffer.from(entry.Value, 'base64');
    const fingerprint = fingerprintOf(der);
    if (entry.Fingerprint !== undefined && entry.Fingerprint !== fingerprint) {
      throw new InputFileError(
        file,
        `${where}: Fingerprint ${String(entry.Fingerprint)} is not MD5 of the key (${fingerprint})`
      );
    }
    const validityStart = toDate(entry.ValidityStartTime, file, `${where}.ValidityStartTime`);
    const validityEnd = toDate(entry.ValidityEndTime, file, `${where}.ValidityEndTime`);
    return { fingerprint, der, ...(validityStart && { validityStart }), ...(validityEnd && { validityEnd }) };
  });
};

/** Whether a key's validity window meets `[start, end]` (open bounds count as unbounded). */
export const isValidBetween = (key: PublicKeyRecord, start: Date, end: Date): boolean =>
  (key.validityStart === undefined || key.validityStart.getTime() <= end.getTime()) &&
  (key.validityEnd === undefined || key.validityEnd.getTime() >= start.getTime());

/**
 * A key source over a fixed set of keys (saved `list-public-keys` output): answers a time range
 * with the keys valid in it, as ListPublicKeys does. Duplicates (the same key in two files) collapse.
 * @example
 * const source = staticKeySource(parseListPublicKeysOutput(await readFile(f, 'utf8'), f));
 */
export const staticKeySource = (keys: readonly PublicKeyRecord[]): PublicKeySource => {
  const unique = [...new Map(keys.map((k) => [k.fingerprint, k])).values()];
  return { between: async (start, end) => unique.filter((key) => isValidBetween(key, start, end)) };
};
