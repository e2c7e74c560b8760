import type { PublicKeyRecord, PublicKeySource } from '../types.js';

/** Finds a public key by fingerprint, asking the source only on a miss. */
export type KeyCache = {
  /**
   * @param region - source region of the digest (keys are per region)
   * @param fingerprint - `digestPublicKeyFingerprint`
   * @param start - start of the window to ask ListPublicKeys for on a miss
   * @param end - end of that window
   * @returns the key, or undefined when the source has none with that fingerprint in the window
   */
  find(region: string, fingerprint: string, start: Date, end: Date): Promise<PublicKeyRecord | undefined>;
};

/**
 * Caches public keys by (region, fingerprint) for the life of the process: a Lambda container
 * verifies digest after digest signed by the same key, so after the first ListPublicKeys call per
 * region and key rotation (about monthly) lookups cost nothing. Misses are not cached: a rotated
 * key must be found as soon as it is published.
 * @param sourceFor - the key source of a region (ListPublicKeys there)
 * @example
 * const keys = createKeyCache((region) => cloudTrailKeySource(cloudTrailClientFor(region)));
 */
export const createKeyCache = (sourceFor: (region: string) => PublicKeySource): KeyCache => {
  const byRegion = new Map<string, Map<string, PublicKeyRecord>>();
  return {
    async find(region, fingerprint, start, end) {
      let cached = byRegion.get(region);
      if (cached === undefined) {
        cached = new Map();
        byRegion.set(region, cached);
      }
      const hit = cached.get(fingerprint);
      if (hit !== undefined) return hit;
      for (const key of await sourceFor(region).between(start, end)) cached.set(key.fingerprint, key);
      return cached.get(fingerprint);
    },
  };
};
