import { CloudTrailClient, ListPublicKeysCommand } from '@aws-sdk/client-cloudtrail';
import { fingerprintOf, type PublicKeyRecord, type PublicKeySource } from '../digest/index.js';

const clients = new Map<string, CloudTrailClient>();

/**
 * A CloudTrail client for a region, created once per cold start. CloudTrail public keys are per
 * region, so a digest's keys must come from its source region. The endpoint follows
 * `AWS_ENDPOINT_URL_CLOUDTRAIL` when set (the SDK reads it), so tests point it at a local stub.
 * @param region - the digest's source region
 */
export const cloudTrailClientFor = (region: string): CloudTrailClient => {
  let client = clients.get(region);
  if (client === undefined) {
    client = new CloudTrailClient({ region, maxAttempts: 4 });
    clients.set(region, client);
  }
  return client;
};

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
