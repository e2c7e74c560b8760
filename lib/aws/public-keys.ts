import { type CloudTrailClient, ListPublicKeysCommand } from '@aws-sdk/client-cloudtrail';
import { cloudTrailClientFor } from './cloudtrail-clients.js';
import {
  createKeyCache,
  fingerprintOf,
  type KeyCache,
  type PublicKeyRecord,
  type PublicKeySource,
  staticKeySource,
} from '../digest/index.js';

/**
 * ListPublicKeys as a {@link PublicKeySource}. `Value` arrives as DER bytes (SDK v3 decodes the
 * blob); the fingerprint is taken from the response and checked against MD5(DER). `NextToken` is
 * "reserved for future use" but followed if present.
 * @param client - a client in the digests' source region
 * @throws the SDK's error (AccessDenied, throttling after retries)
 */
export const cloudTrailKeySource = (client: CloudTrailClient): PublicKeySource => ({
  between: async (start, end) => {
    const keys: PublicKeyRecord[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListPublicKeysCommand({ StartTime: start, EndTime: end, NextToken: token }));
      for (const entry of page.PublicKeyList ?? []) {
        if (entry.Value === undefined) continue;
        const der = entry.Value;
        keys.push({
          fingerprint: entry.Fingerprint ?? fingerprintOf(der),
          der,
          ...(entry.ValidityStartTime && { validityStart: entry.ValidityStartTime }),
          ...(entry.ValidityEndTime && { validityEnd: entry.ValidityEndTime }),
        });
      }
      token = page.NextToken;
    } while (token);
    return keys;
  },
});

/**
 * The public keys of every region from ListPublicKeys there, cached by (region, fingerprint) for the life of
 * the Lambda container (lib/digest/core/key-cache.ts).
 * @param saved - keys saved from `aws cloudtrail list-public-keys` (`DIGEST_PUBLIC_KEYS_FILE`): when
 * given, they are used in every region instead of calling ListPublicKeys (local runs without AWS)
 */
export const cachedCloudTrailKeys = (saved?: readonly PublicKeyRecord[]): KeyCache =>
  createKeyCache((region) =>
    saved !== undefined ? staticKeySource(saved) : cloudTrailKeySource(cloudTrailClientFor(region))
  );
