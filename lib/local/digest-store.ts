import type { Dirent } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type DigestStore, type MetadataMap, StoreReadError, type StoredObject } from '../digest/index.js';

const isMissing = (error: unknown): boolean =>
  ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');

const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * A {@link DigestStore} over a local copy of trail buckets, laid out as `aws s3 sync` writes it:
 * `s3://<bucket>/<key>` is `<root>/<bucket>/<key>`. Listings come out in S3 order (UTF-8 bytes), so
 * the CLI's marker and lexicographic stop work unchanged. A synced copy has no S3 metadata, so it
 * comes from `metadata` (`--metadata`). Given, the map is taken as the S3 metadata of every object:
 * an object without an entry has none (`metadataKnown: true`, empty), so a digest without an entry
 * is judged as the CLI judges an unsigned one (`signature verification failed`). Without the map,
 * every object is `metadataKnown: false`, and the walk may verify a digest with the next one's
 * `previousDigestSignature`.
 *
 * A bucket folder that does not exist throws, as S3 answers NoSuchBucket; a missing file is a
 * missing object. Keys with `..` segments are refused, so a digest cannot point outside `root`.
 *
 * @param root - folder holding one subfolder per bucket
 * @param metadata - signatures and other metadata per `<bucket>/<key>`, when a metadata file is given
 * @example
 * const store = localStore('/data/trails', await readMetadataFile('meta.json'));
 */
export const localStore = (root: string, metadata?: MetadataMap): DigestStore => {
  const bucketDir = async (bucket: string): Promise<string> => {
    if (bucket === '' || bucket.includes('/') || bucket === '.' || bucket === '..') {
      throw new StoreReadError(bucket, '', 'not a bucket name');
    }
    const dir = join(root, bucket);
    try {
      if ((await stat(dir)).isDirectory()) return dir;
    } catch (error) {
      if (!isMissing(error)) throw new StoreReadError(bucket, '', (error as Error).message, { cause: error });
    }
    throw new StoreReadError(bucket, '', `The specified bucket does not exist (no folder ${dir})`);
  };
  const pathOf = async (bucket: string, key: string): Promise<string> => {
    const segments = key.split('/');
    if (segments.includes('..')) throw new StoreReadError(bucket, key, 'key has a .. segment');
    return join(await bucketDir(bucket), ...segments);
  };

  /** Every file key under `dir` whose key could start with `prefix`, depth first. */
  async function* walk(base: string, dirKey: string, prefix: string): AsyncGenerator<string> {
    let entries: Dirent[];
    try {
      entries = await readdir(join(base, ...dirKey.split('/').filter(Boolean)), { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw new StoreReadError('', dirKey, (error as Error).message, { cause: error });
    }
    for (const entry of entries) {
      const key = `${dirKey}${entry.name}`;
      if (entry.isDirectory()) {
        const asDir = `${key}/`;
        if (asDir.startsWith(prefix) || prefix.startsWith(asDir)) yield* walk(base, asDir, prefix);
      } else if (entry.isFile() && key.startsWith(prefix)) {
        yield key;
      }
    }
  }

  return {
    async *list(bucket, prefix, startAfter) {
      const base = await bucketDir(bucket);
      const keys: string[] = [];
      for await (const key of walk(base, '', prefix)) {
        if (startAfter === undefined || byteOrder(key, startAfter) > 0) keys.push(key);
      }
      yield* keys.sort(byteOrder);
    },
    async *children(bucket, prefix) {
      const dir = join(await bucketDir(bucket), ...prefix.split('/').filter(Boolean));
      let entries: Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        if (isMissing(error)) return;
        throw new StoreReadError(bucket, prefix, (error as Error).message, { cause: error });
      }
      yield* entries
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort(byteOrder);
    },
    async read(bucket, key): Promise<StoredObject | undefined> {
      const file = await pathOf(bucket, key);
      try {
        const handle = await open(file);
        try {
          const body = await handle.readFile();
          if (metadata === undefined) return { body, metadata: {}, metadataKnown: false };
          return { body, metadata: metadata.get(`${bucket}/${key}`) ?? {}, metadataKnown: true };
        } finally {
          await handle.close();
        }
      } catch (error) {
        if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
        throw new StoreReadError(bucket, key, (error as Error).message, { cause: error });
      }
    },
    async open(bucket, key) {
      const file = await pathOf(bucket, key);
      try {
        const handle = await open(file);
        if (!(await handle.stat()).isFile()) {
          await handle.close();
          return undefined;
        }
        return handle.createReadStream({ highWaterMark: 64 * 1024 });
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw new StoreReadError(bucket, key, (error as Error).message, { cause: error });
      }
    },
  };
};
