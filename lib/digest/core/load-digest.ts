import { createHash } from 'node:crypto';
import { CLI_TEXT, MAX_DIGEST_BYTES, REQUIRED_DIGEST_FIELDS } from '../constants.js';
import { isBackfillDigestKey } from './digest-keys.js';
import { DigestCheckError } from '../errors.js';
import { inflateFirstMember } from './inflate-first-member.js';
import type { LoadedDigest, StoredObject } from '../types.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

async function* once(body: Uint8Array): AsyncGenerator<Uint8Array> {
  yield body;
}

/** What Python says when a non-object JSON value gets `digest_data['_signature'] = …`. */
const notAnObjectMessage = (value: unknown): string => {
  if (Array.isArray(value)) return 'list indices must be integers or slices, not str';
  const type =
    value === null
      ? 'NoneType'
      : typeof value === 'boolean'
        ? 'bool'
        : typeof value === 'number'
          ? Number.isInteger(value)
            ? 'int'
            : 'float'
          : 'str';
  return `'${type}' object does not support item assignment`;
};

/**
 * Decodes a digest object and runs the CLI's checks up to the signature, in the CLI's order
 * (the first failure decides the message):
 * 1. first gzip member complete (data after it is ignored) and at most MAX_DIGEST_BYTES decompressed
 *    (inflating stops there: reason `too-large`), strict UTF-8, JSON: else `invalid format`;
 * 2. `signature` and `signature-algorithm` metadata present: else `signature verification failed`;
 * 3. a backfill digest carries `backfill-generation-timestamp` metadata: else `invalid format`;
 * 4. every required field present (null passes): else `invalid format`;
 * 5. `digestS3Bucket`/`digestS3Object` equal where it was read from: else `has been moved…`.
 *
 * The bytes are kept exactly as decompressed: the signature and `previousDigestHashValue` are over
 * them, and re-serialising would lose CloudTrail's `\/` escapes.
 *
 * @param object - the digest's bytes and metadata
 * @param bucket - the bucket it was read from
 * @param key - the key it was read from
 * @param metadataRequired - false only offline, where no metadata survives and the signature may
 * come from the next digest: checks 2 and 3 are skipped
 * @returns the loaded digest
 * @throws DigestCheckError carrying the CLI's line
 * @example
 * const digest = await loadDigest(await store.read(bucket, key), bucket, key);
 */
export const loadDigest = async (
  object: StoredObject,
  bucket: string,
  key: string,
  metadataRequired = true
): Promise<LoadedDigest> => {
  const invalidFormat = (detail: string, cause?: unknown): DigestCheckError =>
    new DigestCheckError('invalid-format', bucket, key, CLI_TEXT.invalidFormat, { cause: cause ?? new Error(detail) });
  const parts: Buffer[] = [];
  const member = await inflateFirstMember(once(object.body), (chunk) => parts.push(chunk), {
    maxOutputBytes: MAX_DIGEST_BYTES,
  });
  if (member.kind === 'too-large') {
    throw new DigestCheckError('too-large', bucket, key, CLI_TEXT.invalidFormat, {
      cause: new Error(
        `s3://${bucket}/${key}: ${member.compressedBytes} compressed bytes inflate past ${MAX_DIGEST_BYTES} bytes (MAX_DIGEST_BYTES): refused as a decompression bomb`
      ),
    });
  }
  if (member.kind !== 'complete') throw invalidFormat(`gzip ${member.kind} in ${member.part}`);
  const bytes = Buffer.concat(parts);
  let doc: unknown;
  try {
    doc = JSON.parse(utf8.decode(bytes));
  } catch (error) {
    throw invalidFormat('not UTF-8 JSON', error);
  }
  const { metadata } = object;
  if (metadataRequired && (!('signature' in metadata) || !('signature-algorithm' in metadata))) {
    throw new DigestCheckError('signature-missing', bucket, key, CLI_TEXT.signatureFailed);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new DigestCheckError('unexpected', bucket, key, `INVALID: ${notAnObjectMessage(doc)}`);
  }
  const backfill = isBackfillDigestKey(key);
  if (metadataRequired && backfill && !('backfill-generation-timestamp' in metadata)) {
    throw new DigestCheckError('backfill-timestamp-missing', bucket, key, CLI_TEXT.invalidFormat);
  }
  const fields = doc as Record<string, unknown>;
  for (const field of REQUIRED_DIGEST_FIELDS) {
    if (!Object.hasOwn(fields, field)) throw new DigestCheckError('field-missing', bucket, key, CLI_TEXT.invalidFormat);
  }
  if (fields.digestS3Bucket !== bucket || fields.digestS3Object !== key) {
    throw new DigestCheckError('moved', bucket, key, CLI_TEXT.moved);
  }
  return {
    bucket,
    key,
    backfill,
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    doc: fields,
    metadata,
  };
};
