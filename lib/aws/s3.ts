import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { IncompleteBodyError, ObjectNotFoundError, TransientError } from '../model/errors.js';
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

/** An object opened for reading, with what GetObject said about the body it sends. */
export type OpenedObject = {
  body: Readable;
  /** Content-Length: how many bytes the body carries. */
  size?: number;
  /** The object's MD5 (lowercase hex) when its ETag is one; see {@link wholeBody}. */
  md5?: string;
  /** User metadata, without the `x-amz-meta-` prefix. */
  metadata: Record<string, string>;
};

const MD5_ETAG = /^"?([0-9a-fA-F]{32})"?$/;

/**
 * The ETag is the MD5 of the bytes only for an object stored in one part, plain or under SSE-S3;
 * multipart ETags end in `-<parts>`, and SSE-KMS, DSSE-KMS and SSE-C ETags are not MD5s.
 */
const md5OfEtag = (out: GetObjectCommandOutput): string | undefined => {
  if (out.SSECustomerAlgorithm !== undefined) return undefined;
  if (out.ServerSideEncryption !== undefined && out.ServerSideEncryption !== 'AES256') return undefined;
  return MD5_ETAG.exec(out.ETag ?? '')?.[1]?.toLowerCase();
};

/**
 * Opens an object as a byte stream. The body is streamed, never buffered; read it through
 * {@link wholeBody} where a short read must not pass for the object.
 * @throws ObjectNotFoundError when the object, or the version `ref` names, is missing
 * @throws TransientError on 5xx, throttling and network errors (after the SDK's own retries)
 */
export const openObject = async (s3: S3Client, ref: ObjectRef): Promise<OpenedObject> => {
  try {
    const out = await s3.send(
      new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key, ...(ref.versionId && { VersionId: ref.versionId }) })
    );
    return { body: out.Body as Readable, size: out.ContentLength, md5: md5OfEtag(out), metadata: out.Metadata ?? {} };
  } catch (error) {
    throw classify(error, ref);
  }
};

/**
 * Streams an opened object's body and checks, when it ends, that it was the whole object: exactly
 * Content-Length bytes and, where the ETag is an MD5, bytes with that MD5. A stream error (connection
 * reset or closed mid-body, timeout), a body shorter than announced, or bytes that are not the stored
 * object throw IncompleteBodyError, a TransientError: read the object again, judge nothing from it.
 * A reader that stops early is not checked: what it judged was bytes of the object.
 * @param object - what {@link openObject} returned
 * @param ref - the object, for the error
 * @returns the body's chunks, in order
 * @throws IncompleteBodyError when the body was not read whole
 * @example
 * for await (const chunk of wholeBody(await openObject(s3, ref), ref)) hash.update(chunk);
 */
export async function* wholeBody(object: OpenedObject, ref: ObjectRef): AsyncGenerator<Uint8Array> {
  const md5 = object.md5 === undefined ? undefined : createHash('md5');
  const of = object.size === undefined ? '' : ` of ${object.size}`;
  let received = 0;
  try {
    for await (const chunk of object.body as AsyncIterable<Uint8Array>) {
      received += chunk.byteLength;
      md5?.update(chunk);
      yield chunk;
    }
  } catch (error) {
    const detail = `${(error as Error).message} after ${received}${of} bytes`;
    throw new IncompleteBodyError(ref, detail, received, object.size, { cause: error });
  }
  if (object.size !== undefined && received !== object.size) {
    throw new IncompleteBodyError(ref, `ended after ${received}${of} bytes`, received, object.size);
  }
  const actual = md5?.digest('hex');
  if (actual !== undefined && actual !== object.md5) {
    throw new IncompleteBodyError(
      ref,
      `the ${received} bytes read have MD5 ${actual}, the object's ETag is ${object.md5}`,
      received,
      object.size
    );
  }
}

/**
 * What S3 answers for an object that is not there: NoSuchKey for a key, NoSuchVersion for the
 * version a notification from a versioned bucket named, once that version is deleted
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
 */
const NOT_FOUND_NAMES = new Set(['NoSuchKey', 'NoSuchVersion']);

/** Maps an SDK error on `ref` to ObjectNotFoundError, TransientError or the error itself. */
export const classify = (error: unknown, ref: ObjectRef): unknown => {
  if (error instanceof NoSuchKey || NOT_FOUND_NAMES.has((error as { name?: string }).name ?? '')) {
    return new ObjectNotFoundError(ref, { cause: error });
  }
  if (isTransient(error)) {
    return new TransientError(`s3://${ref.bucket}/${ref.key}: ${(error as Error).message}`, ref, { cause: error });
  }
  return error;
};

/** The PutObject input that writes `value` as a JSON document at `key`. */
const jsonObject = (bucket: string, key: string, value: unknown) => ({
  Bucket: bucket,
  Key: key,
  Body: JSON.stringify(value),
  ContentType: 'application/json',
});

/** Writes a JSON document. */
export const putJson = async (s3: S3Client, bucket: string, key: string, value: unknown): Promise<void> => {
  try {
    await s3.send(new PutObjectCommand(jsonObject(bucket, key, value)));
  } catch (error) {
    throw classify(error, { bucket, key });
  }
};

/**
 * Writes a JSON document only where the key holds no object (`If-None-Match: *`,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html).
 * @returns false when an object is there (412 Precondition Failed; 409, a conditional write
 *   racing another, means one is being written): it is kept
 */
export const putJsonIfAbsent = async (s3: S3Client, bucket: string, key: string, value: unknown): Promise<boolean> => {
  try {
    await s3.send(new PutObjectCommand({ ...jsonObject(bucket, key, value), IfNoneMatch: '*' }));
    return true;
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 412 || status === 409) return false;
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
 * Reads a small object whole, checked by {@link wholeBody}.
 * @throws ObjectNotFoundError when the object is missing
 * @throws IncompleteBodyError (a TransientError) when the body is cut short
 */
export const readObject = async (s3: S3Client, ref: ObjectRef): Promise<Buffer> => {
  const parts: Uint8Array[] = [];
  for await (const chunk of wholeBody(await openObject(s3, ref), ref)) parts.push(chunk);
  return Buffer.concat(parts);
};

/**
 * The object-store port on S3: what the flows read log files from and write results to.
 * @example
 * const store = s3ObjectStore(clients.s3);
 */
export const s3ObjectStore = (s3: S3Client): ObjectStore => ({
  open: (ref) => openObject(s3, ref),
  read: (ref) => readObject(s3, ref),
  putJson: (bucket, key, value) => putJson(s3, bucket, key, value),
  putJsonIfAbsent: (bucket, key, value) => putJsonIfAbsent(s3, bucket, key, value),
});
