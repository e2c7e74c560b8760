import { ListObjectsV2Command, type ListObjectsV2CommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { type DigestStore, StoreReadError, type StoredObject } from '../digest/index.js';
import { IncompleteBodyError, ObjectNotFoundError } from '../model/errors.js';
import { openObject, wholeBody } from './s3.js';

/** botocore's wording, so fatal S3 errors read as they do in `aws cloudtrail validate-logs`. */
const describe = (error: unknown, operation: string): string => {
  const e = error as { name?: string; Code?: string; message?: string };
  return `An error occurred (${e.Code ?? e.name ?? 'Unknown'}) when calling the ${operation} operation: ${e.message ?? String(error)}`;
};

const wrap = (error: unknown, bucket: string, key: string, operation: string): StoreReadError =>
  new StoreReadError(
    bucket,
    key,
    error instanceof IncompleteBodyError
      ? `${operation} body incomplete (${error.detail}); read it again`
      : describe((error as { cause?: unknown }).cause ?? error, operation),
    { cause: error }
  );

/** Errors met while a log file is being read become StoreReadError too. */
async function* wrapped(body: AsyncIterable<Uint8Array>, bucket: string, key: string): AsyncGenerator<Uint8Array> {
  try {
    yield* body;
  } catch (error) {
    throw wrap(error, bucket, key, 'GetObject');
  }
}

/** Sorts after every key that starts with `folder` (keys are UTF-8; no code point is above U+10FFFF). */
const pastFolder = (folder: string): string => `${folder}\u{10FFFF}`;

/** Where a {@link s3DigestStore} may look. */
export type DigestStoreScope = {
  /**
   * A folder (ending in `/`, e.g. `org/AWSLogs/`) that every listing stays in: for a folder above
   * it, `children` answers the next folder on the way down without a request, so a role that may
   * list only under this folder (an `s3:prefix` condition) still finds the digest streams.
   */
  within?: string;
};

/**
 * The {@link DigestStore} over S3. Digests are read whole with their user metadata (`signature`,
 * `signature-algorithm`, `backfill-generation-timestamp`), log files are streamed. Listing uses
 * ListObjectsV2 with `StartAfter` for the CLI's marker. Folder levels are found by skip-scanning
 * (one `MaxKeys: 1` request per folder, jumping past it), not with `Delimiter`, which s3rver and some
 * S3-compatible stores get wrong; on AWS it costs one request per folder either way.
 *
 * A missing object is `undefined`; any other failure throws StoreReadError naming bucket and key.
 * Bodies are checked to be whole ({@link wholeBody}): a body cut short throws StoreReadError caused
 * by an IncompleteBodyError (a TransientError), never a short object to judge.
 *
 * @param s3 - an S3 client (lib/aws/clients.ts)
 * @param scope - where listings stay ({@link DigestStoreScope}); the whole bucket when omitted
 * @example
 * const store = s3DigestStore(createClients(config).s3);
 * for await (const event of validateTrail({ store, keys, trail, start, end })) report.add(event);
 */
export const s3DigestStore = (s3: S3Client, scope: DigestStoreScope = {}): DigestStore => ({
  async *list(bucket, prefix, startAfter) {
    let token: string | undefined;
    do {
      let page: ListObjectsV2CommandOutput;
      try {
        page = await s3.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix,
            ...(token === undefined && startAfter !== undefined && { StartAfter: startAfter }),
            ...(token !== undefined && { ContinuationToken: token }),
          })
        );
      } catch (error) {
        throw wrap(error, bucket, prefix, 'ListObjectsV2');
      }
      for (const item of page.Contents ?? []) if (item.Key !== undefined) yield item.Key;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  },

  async *children(bucket, prefix) {
    const { within } = scope;
    if (within !== undefined && within.length > prefix.length && within.startsWith(prefix)) {
      const rest = within.slice(prefix.length);
      yield rest.slice(0, rest.indexOf('/'));
      return;
    }
    let cursor: string | undefined;
    for (;;) {
      let page: ListObjectsV2CommandOutput;
      try {
        page = await s3.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix,
            MaxKeys: 1,
            ...(cursor !== undefined && { StartAfter: cursor }),
          })
        );
      } catch (error) {
        throw wrap(error, bucket, prefix, 'ListObjectsV2');
      }
      const key = page.Contents?.[0]?.Key;
      if (key === undefined) return;
      const rest = key.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash < 0) {
        cursor = key;
        continue;
      }
      const name = rest.slice(0, slash);
      yield name;
      cursor = pastFolder(`${prefix}${name}/`);
    }
  },

  async read(bucket, key): Promise<StoredObject | undefined> {
    try {
      const object = await openObject(s3, { bucket, key });
      const parts: Uint8Array[] = [];
      for await (const chunk of wholeBody(object, { bucket, key })) parts.push(chunk);
      return { body: Buffer.concat(parts), metadata: object.metadata, metadataKnown: true };
    } catch (error) {
      if (error instanceof ObjectNotFoundError) return undefined;
      throw wrap(error, bucket, key, 'GetObject');
    }
  },

  async open(bucket, key) {
    try {
      return wrapped(wholeBody(await openObject(s3, { bucket, key }), { bucket, key }), bucket, key);
    } catch (error) {
      if (error instanceof ObjectNotFoundError) return undefined;
      throw wrap(error, bucket, key, 'GetObject');
    }
  },
});
