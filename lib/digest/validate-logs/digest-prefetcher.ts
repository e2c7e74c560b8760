import type { DigestStore, StoredObject } from '../types.js';

/** Digests read ahead of the walk by default. */
export const DEFAULT_DIGEST_PREFETCH = 8;

/**
 * Reads digests ahead of the walk. The walk is sequential (each digest names the previous one), so
 * on a busy store its reads queue behind the log-file reads; reading the next few listed keys early
 * takes them off the critical path. Reads are memoised by location, so a digest is fetched once,
 * and a read the walk never asks for is only a wasted GET. Errors surface when the walk reaches
 * the digest, exactly as an unprefetched read would.
 * @param store - where the digests are
 * @param depth - how many older listed digests to read ahead
 * @returns `follow` (set the listing) and `read` (get a digest)
 */
export const createDigestPrefetcher = (store: DigestStore, depth: number = DEFAULT_DIGEST_PREFETCH) => {
  const pending = new Map<string, Promise<StoredObject | undefined>>();
  let order: { bucket: string; keys: readonly string[] } = { bucket: '', keys: [] };
  const start = (bucket: string, key: string): Promise<StoredObject | undefined> => {
    const id = `${bucket}/${key}`;
    let read = pending.get(id);
    if (read === undefined) {
      read = store.read(bucket, key);
      read.catch(() => {});
      pending.set(id, read);
    }
    return read;
  };
  return {
    /** Sets the listing (ascending) whose older neighbours get read ahead. */
    follow(bucket: string, keys: readonly string[]): void {
      order = { bucket, keys: [...keys] };
    },
    /** The digest at bucket/key, read now or taken from a read ahead; starts the next reads. */
    read(bucket: string, key: string): Promise<StoredObject | undefined> {
      const read = start(bucket, key);
      pending.delete(`${bucket}/${key}`);
      if (bucket === order.bucket && depth > 0) {
        let at = order.keys.length;
        while (at > 0 && (order.keys[at - 1] as string) >= key) at -= 1;
        for (const next of order.keys.slice(Math.max(0, at - depth), at)) start(bucket, next);
      }
      return read;
    },
  };
};
