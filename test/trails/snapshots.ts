import type { FileSummary } from '../../lib/model/summary.js';
import type { BucketCalls, TrailCalls, TrailDescription, TrailSnapshot } from '../../lib/model/trails.js';

/** Snapshot time of every constructed snapshot. */
export const TAKEN_AT = '2026-03-01T12:00:00.000Z';
export const ACCOUNT = '111122223333';
export const MAIN_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;
export const BUCKET = 'trail-logs-111122223333';
export const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/0f1e2d3c-aaaa-bbbb-cccc-000000000001`;

const minutesBefore = (minutes: number): string => new Date(Date.parse(TAKEN_AT) - minutes * 60_000).toISOString();

/** A trail described as DescribeTrails lists it: multi-region, global, validated, KMS, CloudWatch Logs. */
export const goodTrail = (overrides: Partial<TrailDescription> = {}): TrailDescription => ({
  Name: 'main',
  S3BucketName: BUCKET,
  IncludeGlobalServiceEvents: true,
  IsMultiRegionTrail: true,
  HomeRegion: 'us-east-1',
  TrailARN: MAIN_ARN,
  LogFileValidationEnabled: true,
  CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:trail:*`,
  CloudWatchLogsRoleArn: `arn:aws:iam::${ACCOUNT}:role/trail-to-logs`,
  KmsKeyId: KEY_ARN,
  HasCustomEventSelectors: true,
  HasInsightSelectors: true,
  IsOrganizationTrail: false,
  ...overrides,
});

/** The per-trail calls of a healthy trail: logging, fresh deliveries, management + S3 writes, Insights. */
export const goodTrailCalls = (arn = MAIN_ARN): TrailCalls => ({
  status: {
    status: 'ok',
    value: {
      IsLogging: true,
      StartLoggingTime: minutesBefore(60 * 24 * 10),
      LatestDeliveryTime: minutesBefore(5),
      LatestDigestDeliveryTime: minutesBefore(30),
      LatestCloudWatchLogsDeliveryTime: minutesBefore(4),
    },
  },
  eventSelectors: {
    status: 'ok',
    value: {
      TrailARN: arn,
      AdvancedEventSelectors: [
        { Name: 'Management', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        {
          Name: 'S3 writes',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
            { Field: 'readOnly', Equals: ['false'] },
          ],
        },
      ],
    },
  },
  insightSelectors: {
    status: 'ok',
    value: { TrailARN: arn, InsightSelectors: [{ InsightType: 'ApiCallRateInsight' }] },
  },
});

/** The per-bucket calls of a well-kept trail bucket. */
export const goodBucketCalls = (): BucketCalls => ({
  policyStatus: { status: 'ok', value: { PolicyStatus: { IsPublic: false } } },
  publicAccessBlock: {
    status: 'ok',
    value: {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    },
  },
  encryption: {
    status: 'ok',
    value: {
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEY_ARN },
            BucketKeyEnabled: true,
          },
        ],
      },
    },
  },
  versioning: { status: 'ok', value: { Status: 'Enabled', MFADelete: 'Enabled' } },
  logging: { status: 'ok', value: { LoggingEnabled: { TargetBucket: 'access-logs', TargetPrefix: `${BUCKET}/` } } },
  objectLock: {
    status: 'absent',
    code: 'ObjectLockConfigurationNotFoundError',
    message: 'Object Lock configuration does not exist',
  },
  lifecycle: { status: 'ok', value: { Rules: [{ ID: 'retention', Status: 'Enabled', Expiration: { Days: 2555 } }] } },
  acl: {
    status: 'ok',
    value: {
      Owner: { ID: 'owner' },
      Grants: [{ Grantee: { Type: 'CanonicalUser', ID: 'owner' }, Permission: 'FULL_CONTROL' }],
    },
  },
});

/** A snapshot in which every check passes: one good trail in two regions, one good bucket, no organization. */
export const goodSnapshot = (): TrailSnapshot => ({
  schemaVersion: 1,
  takenAt: TAKEN_AT,
  regions: ['eu-west-1', 'us-east-1'],
  describeTrails: {
    'eu-west-1': { status: 'ok', value: { trailList: [goodTrail()] } },
    'us-east-1': { status: 'ok', value: { trailList: [goodTrail()] } },
  },
  trails: { [MAIN_ARN]: goodTrailCalls() },
  buckets: { [BUCKET]: goodBucketCalls() },
  organization: { status: 'absent', code: 'AWSOrganizationsNotInUseException', message: 'not in an organization' },
  delegatedAdministrators: {
    status: 'absent',
    code: 'AWSOrganizationsNotInUseException',
    message: 'not in an organization',
  },
});

/** Adds a trail (listed in every region when multi-region, else in its home region) with the given calls. */
export const withTrail = (snapshot: TrailSnapshot, trail: TrailDescription, calls: TrailCalls): TrailSnapshot => {
  const next = structuredClone(snapshot);
  for (const region of next.regions) {
    if (!trail.IsMultiRegionTrail && trail.HomeRegion !== region) continue;
    const listed = next.describeTrails[region];
    if (listed?.status === 'ok') listed.value.trailList = [...(listed.value.trailList ?? []), trail];
  }
  next.trails[trail.TrailARN as string] = calls;
  return next;
};

/**
 * A per-file summary holding `events` management (or data) events spread evenly over the 30 days
 * before the snapshot, so the usage window is fully covered and nothing is scaled.
 */
export const summaryWith = (options: {
  bucket?: string;
  key?: string;
  region?: string;
  category?: 'Management' | 'Data';
  events: Array<{ source: string; read: boolean; count: number }>;
  files?: number;
}): FileSummary[] => {
  const region = options.region ?? 'us-east-1';
  const first = new Date(Date.parse(TAKEN_AT) - 30 * 24 * 3600 * 1000).toISOString().slice(0, 13);
  const last = TAKEN_AT.slice(0, 13);
  const files = options.files ?? 2;
  return Array.from({ length: files }, (_, index) => ({
    schemaVersion: 1 as const,
    bucket: options.bucket ?? BUCKET,
    key:
      options.key ??
      `AWSLogs/${ACCOUNT}/CloudTrail/${region}/2026/02/15/${ACCOUNT}_CloudTrail_${region}_20260215T0000Z_file${index}.json.gz`,
    kind: 'log' as const,
    accountId: ACCOUNT,
    region,
    deliveredAt: '2026-02-15T00:00:00Z',
    status: 'ok' as const,
    bytes: { compressed: 100, uncompressed: 1000 },
    records: 1,
    badRecords: 0,
    recordErrors: [],
    // The first file carries the counts (half at each end of the window), the others only count as files.
    counts:
      index === 0
        ? options.events.flatMap((e) =>
            [first, last].map((hour, i) => ({
              hour,
              eventCategory: options.category ?? 'Management',
              eventSource: e.source,
              eventName: 'Call',
              readOnly: e.read,
              count: i === 0 ? Math.floor(e.count / 2) : e.count - Math.floor(e.count / 2),
            }))
          )
        : [],
    errors: [],
    alerts: [],
    detection: {},
    processedAt: TAKEN_AT,
  }));
};
