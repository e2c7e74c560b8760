/**
 * CloudTrail's SDK clients (trail snapshots, public keys, Event history), apart from clients.ts so
 * the functions that never call CloudTrail (ingest among them) do not load its SDK package at
 * their cold start (about 12 ms on the development machine). Timeouts, retries and endpoint
 * overrides as in clients.ts.
 */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { endpointFor, type LazyClient, lazy } from './clients.js';

/** The clients the fetcher needs, per region. */
export type TrailSnapshotClients = {
  cloudTrail(region: string): CloudTrailClient;
  s3(region: string): S3Client;
  organizations: LazyClient<OrganizationsClient>;
  destroy(): void;
};

/** One client per region, made on the first call for that region; `made` holds them all. */
const perRegion = <C>(make: (region: string) => C): ((region: string) => C) & { made: Map<string, C> } => {
  const made = new Map<string, C>();
  const get = (region: string): C => {
    let client = made.get(region);
    if (client === undefined) {
      client = make(region);
      made.set(region, client);
    }
    return client;
  };
  return Object.assign(get, { made });
};

/**
 * Creates the fetcher's SDK v3 clients, one per service and region, with the SDK's default
 * credential chain. `AWS_ENDPOINT_URL_CLOUDTRAIL`, `AWS_ENDPOINT_URL_S3`,
 * `AWS_ENDPOINT_URL_ORGANIZATIONS` or `AWS_ENDPOINT_URL` point them elsewhere (moto, LocalStack);
 * S3 then uses path-style addressing.
 * @param env - usually `process.env`
 * @param options - `maxAttempts` per call (the SDK's retries with backoff; default 6)
 */
export const createTrailSnapshotClients = (
  env: NodeJS.ProcessEnv = process.env,
  options: { maxAttempts?: number } = {}
): TrailSnapshotClients => {
  const maxAttempts = options.maxAttempts ?? 6;
  let organizations: OrganizationsClient | undefined;
  const cloudTrailEndpoint = endpointFor(env, 'CLOUDTRAIL');
  const s3Endpoint = endpointFor(env, 'S3');
  const organizationsEndpoint = endpointFor(env, 'ORGANIZATIONS');
  const cloudTrail = perRegion(
    (region) =>
      new CloudTrailClient({ region, maxAttempts, ...(cloudTrailEndpoint && { endpoint: cloudTrailEndpoint }) })
  );
  const s3 = perRegion(
    (region) =>
      new S3Client({
        region,
        maxAttempts,
        followRegionRedirects: true,
        ...(s3Endpoint && { endpoint: s3Endpoint, forcePathStyle: true }),
      })
  );
  return {
    cloudTrail,
    s3,
    organizations: lazy(async () => {
      organizations = new (await import('@aws-sdk/client-organizations')).OrganizationsClient({
        region: 'us-east-1',
        maxAttempts,
        ...(organizationsEndpoint && { endpoint: organizationsEndpoint }),
      });
      return organizations;
    }),
    destroy: () => {
      for (const client of [
        ...cloudTrail.made.values(),
        ...s3.made.values(),
        ...(organizations ? [organizations] : []),
      ])
        client.destroy();
    },
  };
};

/**
 * A CloudTrail client for a region, created once per cold start. CloudTrail public keys are per
 * region, so a digest's keys must come from its source region. The endpoint follows
 * `AWS_ENDPOINT_URL_CLOUDTRAIL` when set (the SDK reads it), so tests point it at a local stub.
 * @param region - the digest's source region
 */
export const cloudTrailClientFor: (region: string) => CloudTrailClient = perRegion(
  (region) => new CloudTrailClient({ region, maxAttempts: 4 })
);

/**
 * A CloudTrail client for Event history. The SDK's own retries are off (`maxAttempts: 1`):
 * readLookupEvents paces the requests and backs off on ThrottlingException itself, and two
 * retry loops would multiply the wait. Honours AWS_ENDPOINT_URL_CLOUDTRAIL / AWS_ENDPOINT_URL.
 * @param region - the region whose Event history to read
 * @param env - usually `process.env`
 */
export const lookupEventsClient = (region: string, env: NodeJS.ProcessEnv = process.env): CloudTrailClient => {
  const endpoint = endpointFor(env, 'CLOUDTRAIL');
  return new CloudTrailClient({ region, maxAttempts: 1, ...(endpoint && { endpoint }) });
};
