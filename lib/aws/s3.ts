import type { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ObjectNotFoundError, TransientError } from '../model/errors.js';
import type { ObjectRef } from '../model/object-ref.js';
import type { ObjectStore } from '../model/ports.js';

const TRANSIENT_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeTooSkewed',
  'SlowDown',
  'ThrottlingException',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
]);

const isTransient = (error: unknown): boolean => {
  const e = error as { $metadata?: { httpStatusCode?: number }; $retryable?: unknown; name?: string; code?: string };
  const status = e.$metadata?.httpStatusCode;
  return (
    (status !== undefined && (status >= 500 || status === 429)) ||
    e.$retryable !== undefined ||
    TRANSIENT_NAMES.has(e.name ?? '') ||
    TRANSIENT_NAMES.has(e.code ?? '')
  );
};

/**
 * Opens an object as a byte stream. The body is streamed, never buffered.
 * @throws ObjectNotFoundError when the object is missing
 * @throws TransientError on 5xx, throttling and network errors (after the SDK's own retries)
 */
export const openObject = async (s3: S3Client, ref: ObjectRef): Promise<{ body: Readable; size?: number }> => {
  try {
    const out = await s3.send(
      new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key, ...(ref.versionId && { VersionId: ref.versionId }) })
    );
    return { body: out.Body as Readable, size: out.ContentLength };
  } catch (error) {
    throw classify(error, ref);
  }
};

/** Maps an SDK error on `ref` to ObjectNotFoundError, TransientError or the error itself. */
export const classify = (error: unknown, ref: ObjectRef): unknown => {
  if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') {
    return new ObjectNotFoundError(ref, { cause: error });
  }
  if (isTransient(error)) {
    return new TransientError(`s3://${ref.bucket}/${ref.key}: ${(error as Error).message}`, ref, { cause: error });
  }
  return error;
};

/** Writes a JSON document. */
export const putJson = async (s3: S3Client, bucket: string, key: string, value: unknown): Promise<void> => {
  try {
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify(value), ContentType: 'application/json' })
    );
  } catch (error) {
    throw classify(error, { bucket, key });
  }
};

/** Lists every key under a prefix (no Delimiter: s3rver's delimiter listings miss deep keys). */
export async function* listKeys(
  s3: S3Client,
  bucket: string,
  prefix: string
): AsyncGenerator<{ key: string; size: number }> {
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const item of page.Contents ?? []) {
      if (item.Key !== undefined) yield { key: item.Key, size: item.Size ?? 0 };
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
}

/**
 * The object-store port on S3: what the flows read log files from and write results to.
 * @example
 * const store = s3ObjectStore(clients.s3);
 */
export const s3ObjectStore = (s3: S3Client): ObjectStore => ({
  open: (ref) => openObject(s3, ref),
  putJson: (bucket, key, value) => putJson(s3, bucket, key, value),
});
