import type { TrailSnapshotClients } from './cloudtrail-clients.js';
import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import { DescribeOrganizationCommand, ListDelegatedAdministratorsCommand } from '@aws-sdk/client-organizations';
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyStatusCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { TrailwatchError } from '../model/errors.js';
import { type Log, silentLog } from '../model/log.js';
import { normalizeResult } from '../trails/normalize-result.js';
import { ok, outcomeOfError } from '../trails/outcome.js';
import {
  type BucketCalls,
  type DelegatedAdministratorsResult,
  type DescribeTrailsResult,
  type Outcome,
  SNAPSHOT_SCHEMA_VERSION,
  type TrailCalls,
  type TrailDescription,
  type TrailSnapshot,
} from '../model/trails.js';

/**
 * The IAM actions behind every call fetchTrailSnapshot makes (some differ from the API name:
 * GetPublicAccessBlock is `s3:GetBucketPublicAccessBlock`). serverless/resources-trails.yml grants
 * exactly these; a test keeps the two in step.
 */
export const SNAPSHOT_IAM_ACTIONS = [
  'cloudtrail:DescribeTrails',
  'cloudtrail:GetTrailStatus',
  'cloudtrail:GetEventSelectors',
  'cloudtrail:GetInsightSelectors',
  's3:GetBucketPolicyStatus',
  's3:GetBucketPublicAccessBlock',
  's3:GetEncryptionConfiguration',
  's3:GetBucketVersioning',
  's3:GetBucketLogging',
  's3:GetBucketObjectLockConfiguration',
  's3:GetLifecycleConfiguration',
  's3:GetBucketAcl',
  'organizations:DescribeOrganization',
  'organizations:ListDelegatedAdministrators',
] as const;

/** A call failed before reaching AWS (no credentials, no network): no audit can be made. */
export class SnapshotCallError extends TrailwatchError {
  readonly call: string;
  readonly region: string;
  constructor(call: string, region: string, options?: ErrorOptions) {
    super(`${call} in ${region}: ${(options?.cause as Error | undefined)?.message ?? 'failed'}`, options);
    this.name = 'SnapshotCallError';
    this.call = call;
    this.region = region;
  }
}

type SdkError = { name?: string; Code?: string; message?: string; $metadata?: { httpStatusCode?: number } };

/**
 * Runs one call and turns its answer into an outcome. A service error (denied, not configured,
 * anything with an HTTP status) becomes an outcome; a failure that never reached the service
 * throws, because then nothing can be audited.
 */
const attempt = async <T>(call: string, region: string, run: () => Promise<unknown>): Promise<Outcome<T>> => {
  try {
    return ok(normalizeResult<T>(await run()));
  } catch (error) {
    const e = error as SdkError;
    const status = e.$metadata?.httpStatusCode;
    if (status === undefined) throw new SnapshotCallError(call, region, { cause: error });
    const code = e.name && e.name !== 'Error' ? e.name : (e.Code ?? String(status));
    const outcome = outcomeOfError<T>(code, e.message ?? '');
    return outcome.status === 'error' && status === 403 ? { ...outcome, status: 'denied' } : outcome;
  }
};

/** Runs `work` over `items` with at most `limit` at a time, keeping the order of results. */
const mapLimit = async <I, O>(items: readonly I[], limit: number, work: (item: I) => Promise<O>): Promise<O[]> => {
  const results: O[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as I);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};

const fetchTrailCalls = async (clients: TrailSnapshotClients, trail: TrailDescription): Promise<TrailCalls> => {
  const arn = trail.TrailARN as string;
  const region = trail.HomeRegion ?? arn.split(':')[3] ?? 'us-east-1';
  const ct = clients.cloudTrail(region);
  const [status, eventSelectors, insightSelectors] = await Promise.all([
    attempt<ValueOf<TrailCalls['status']>>('cloudtrail:GetTrailStatus', region, () =>
      ct.send(new GetTrailStatusCommand({ Name: arn }))
    ),
    attempt<ValueOf<TrailCalls['eventSelectors']>>('cloudtrail:GetEventSelectors', region, () =>
      ct.send(new GetEventSelectorsCommand({ TrailName: arn }))
    ),
    attempt<ValueOf<TrailCalls['insightSelectors']>>('cloudtrail:GetInsightSelectors', region, () =>
      ct.send(new GetInsightSelectorsCommand({ TrailName: arn }))
    ),
  ]);
  return { status, eventSelectors, insightSelectors };
};

type ValueOf<O> = Extract<O, { status: 'ok' }> extends { value: infer T } ? T : never;

const fetchBucketCalls = async (
  clients: TrailSnapshotClients,
  bucket: string,
  region: string
): Promise<BucketCalls> => {
  const s3 = clients.s3(region);
  const Bucket = bucket;
  const [policyStatus, publicAccessBlock, encryption, versioning, logging, objectLock, lifecycle, acl] =
    await Promise.all([
      attempt<ValueOf<BucketCalls['policyStatus']>>('s3:GetBucketPolicyStatus', region, () =>
        s3.send(new GetBucketPolicyStatusCommand({ Bucket }))
      ),
      attempt<ValueOf<BucketCalls['publicAccessBlock']>>('s3:GetPublicAccessBlock', region, () =>
        s3.send(new GetPublicAccessBlockCommand({ Bucket }))
      ),
      attempt<ValueOf<BucketCalls['encryption']>>('s3:GetBucketEncryption', region, () =>
        s3.send(new GetBucketEncryptionCommand({ Bucket }))
      ),
      attempt<ValueOf<BucketCalls['versioning']>>('s3:GetBucketVersioning', region, () =>
        s3.send(new GetBucketVersioningCommand({ Bucket }))
      ),
      attempt<ValueOf<BucketCalls['logging']>>('s3:GetBucketLogging', region, () =>
        s3.send(new GetBucketLoggingCommand({ Bucket }))
      ),
      attempt<ValueOf<BucketCalls['objectLock']>>('s3:GetObjectLockConfiguration', region, () =>
        s3.send(new GetObjectLockConfigurationCommand({ Bucket }))
      ),
      attempt<ValueOf<BucketCalls['lifecycle']>>('s3:GetBucketLifecycleConfiguration', region, () =>
        s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }))
      ),
      attempt<ValueOf<BucketCalls['acl']>>('s3:GetBucketAcl', region, () =>
        s3.send(new GetBucketAclCommand({ Bucket }))
      ),
    ]);
  return { policyStatus, publicAccessBlock, encryption, versioning, logging, objectLock, lifecycle, acl };
};

const listDelegatedAdministrators = async (
  clients: TrailSnapshotClients
): Promise<Outcome<DelegatedAdministratorsResult>> => {
  const all: NonNullable<DelegatedAdministratorsResult['DelegatedAdministrators']> = [];
  let token: string | undefined;
  do {
    const page = await attempt<DelegatedAdministratorsResult & { NextToken?: string }>(
      'organizations:ListDelegatedAdministrators',
      'us-east-1',
      async () =>
        (await clients.organizations()).send(
          new ListDelegatedAdministratorsCommand({ ServicePrincipal: 'cloudtrail.amazonaws.com', NextToken: token })
        )
    );
    if (page.status !== 'ok') return page;
    all.push(...(page.value.DelegatedAdministrators ?? []));
    token = page.value.NextToken;
  } while (token);
  return ok({ DelegatedAdministrators: all });
};

/** What to fetch. */
export type FetchTrailSnapshotOptions = {
  regions: readonly string[];
  clients: TrailSnapshotClients;
  /** The audited account, when the caller knows it. */
  accountId?: string;
  /** Calls in flight at once (trails and buckets); the SDK retries throttling on its own. */
  concurrency?: number;
  now?: () => Date;
  log?: Log;
};

/**
 * Reads the trail configuration of one account: DescribeTrails (with shadow trails) in every
 * region, the status, event selectors and Insight selectors of each trail in its home region,
 * eight read-only calls on every trail bucket, and the organization with its CloudTrail delegated
 * administrators. Each call's answer, denied or not, lands in the snapshot; the audit decides.
 * @param options - regions, clients and limits
 * @returns the snapshot, ready for auditTrails
 * @throws SnapshotCallError when a call cannot reach AWS at all (no credentials, no network)
 * @example
 * const clients = createTrailSnapshotClients();
 * const snapshot = await fetchTrailSnapshot({ regions: ['us-east-1', 'eu-west-1'], clients });
 */
export const fetchTrailSnapshot = async (options: FetchTrailSnapshotOptions): Promise<TrailSnapshot> => {
  const { clients, regions } = options;
  const log = options.log ?? silentLog;
  const concurrency = options.concurrency ?? 8;
  const takenAt = (options.now?.() ?? new Date()).toISOString();

  const listed = await mapLimit(regions, concurrency, (region) =>
    attempt<DescribeTrailsResult>('cloudtrail:DescribeTrails', region, () =>
      clients.cloudTrail(region).send(new DescribeTrailsCommand({ includeShadowTrails: true }))
    )
  );
  const describeTrails = Object.fromEntries(
    regions.map((region, i) => [region, listed[i] as Outcome<DescribeTrailsResult>])
  );

  const unique = new Map<string, TrailDescription>();
  for (const outcome of listed) {
    if (outcome.status !== 'ok') continue;
    for (const trail of outcome.value.trailList ?? [])
      if (trail.TrailARN && !unique.has(trail.TrailARN)) unique.set(trail.TrailARN, trail);
  }
  const trailList = [...unique.values()];
  const trailCalls = await mapLimit(trailList, concurrency, (trail) => fetchTrailCalls(clients, trail));

  const bucketRegion = new Map<string, string>();
  for (const trail of trailList) {
    if (trail.S3BucketName && !bucketRegion.has(trail.S3BucketName)) {
      bucketRegion.set(trail.S3BucketName, trail.HomeRegion ?? regions[0] ?? 'us-east-1');
    }
  }
  const bucketNames = [...bucketRegion.keys()];
  const bucketCalls = await mapLimit(bucketNames, Math.max(1, Math.floor(concurrency / 4)), (bucket) =>
    fetchBucketCalls(clients, bucket, bucketRegion.get(bucket) as string)
  );

  const [organization, delegatedAdministrators] = await Promise.all([
    attempt<ValueOf<TrailSnapshot['organization']>>('organizations:DescribeOrganization', 'us-east-1', async () =>
      (await clients.organizations()).send(new DescribeOrganizationCommand({}))
    ),
    listDelegatedAdministrators(clients),
  ]);

  log.info('trail snapshot taken', { regions: regions.length, trails: trailList.length, buckets: bucketNames.length });
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    takenAt,
    ...(options.accountId && { accountId: options.accountId }),
    regions: [...regions],
    describeTrails,
    trails: Object.fromEntries(trailList.map((trail, i) => [trail.TrailARN as string, trailCalls[i] as TrailCalls])),
    buckets: Object.fromEntries(bucketNames.map((bucket, i) => [bucket, bucketCalls[i] as BucketCalls])),
    organization,
    delegatedAdministrators,
  };
};
