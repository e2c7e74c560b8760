import type { Severity } from './alert.js';

/*
 * The configuration snapshot the audit reads. Each `*Result` type is the output of one
 * read-only API call, with the field names the API (and so the AWS CLI's JSON) uses, so a
 * folder of `aws … > file.json` outputs maps onto it one to one. Timestamps are ISO 8601
 * strings whatever the source printed (the SDK gives Date, CLI v1 epoch seconds).
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Operations.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html
 */

/**
 * How one read-only call went. `absent` is the service's documented "not configured" answer
 * (`NoSuchPublicAccessBlockConfiguration`, `InsightNotEnabledException`…), which the check that
 * needs it interprets; `denied` and `error` make the dependent checks "not evaluated"; `skipped`
 * means the call was never made (not collected into a `--from-dir` folder, or not applicable).
 */
export type Outcome<T> =
  | { status: 'ok'; value: T }
  | { status: 'absent' | 'denied' | 'error' | 'skipped'; code: string; message: string };

export type TrailDescription = {
  Name?: string;
  S3BucketName?: string;
  S3KeyPrefix?: string;
  SnsTopicName?: string;
  SnsTopicARN?: string;
  IncludeGlobalServiceEvents?: boolean;
  IsMultiRegionTrail?: boolean;
  HomeRegion?: string;
  TrailARN?: string;
  LogFileValidationEnabled?: boolean;
  CloudWatchLogsLogGroupArn?: string;
  CloudWatchLogsRoleArn?: string;
  KmsKeyId?: string;
  HasCustomEventSelectors?: boolean;
  HasInsightSelectors?: boolean;
  IsOrganizationTrail?: boolean;
};

/** `DescribeTrails --include-shadow-trails` in one region. */
export type DescribeTrailsResult = { trailList?: TrailDescription[] };

/** `GetTrailStatus`. */
export type TrailStatusResult = {
  IsLogging?: boolean;
  LatestDeliveryError?: string;
  LatestNotificationError?: string;
  LatestDeliveryTime?: string;
  LatestNotificationTime?: string;
  StartLoggingTime?: string;
  StopLoggingTime?: string;
  LatestCloudWatchLogsDeliveryError?: string;
  LatestCloudWatchLogsDeliveryTime?: string;
  LatestDigestDeliveryTime?: string;
  LatestDigestDeliveryError?: string;
};

export type EventSelector = {
  ReadWriteType?: 'ReadOnly' | 'WriteOnly' | 'All' | string;
  IncludeManagementEvents?: boolean;
  DataResources?: Array<{ Type?: string; Values?: string[] }>;
  ExcludeManagementEventSources?: string[];
};

export type AdvancedFieldSelector = {
  Field?: string;
  Equals?: string[];
  StartsWith?: string[];
  EndsWith?: string[];
  NotEquals?: string[];
  NotStartsWith?: string[];
  NotEndsWith?: string[];
};

export type AdvancedEventSelector = { Name?: string; FieldSelectors?: AdvancedFieldSelector[] };

/** `GetEventSelectors`. */
export type EventSelectorsResult = {
  TrailARN?: string;
  EventSelectors?: EventSelector[];
  AdvancedEventSelectors?: AdvancedEventSelector[];
};

/** `GetInsightSelectors` (`InsightNotEnabledException` when none: an `absent` outcome). */
export type InsightSelectorsResult = {
  TrailARN?: string;
  InsightSelectors?: Array<{ InsightType?: string; EventCategories?: string[] }>;
};

export type PolicyStatusResult = { PolicyStatus?: { IsPublic?: boolean } };

export type PublicAccessBlockResult = {
  PublicAccessBlockConfiguration?: {
    BlockPublicAcls?: boolean;
    IgnorePublicAcls?: boolean;
    BlockPublicPolicy?: boolean;
    RestrictPublicBuckets?: boolean;
  };
};

export type BucketEncryptionResult = {
  ServerSideEncryptionConfiguration?: {
    Rules?: Array<{
      ApplyServerSideEncryptionByDefault?: { SSEAlgorithm?: string; KMSMasterKeyID?: string };
      BucketKeyEnabled?: boolean;
    }>;
  };
};

export type BucketVersioningResult = {
  Status?: 'Enabled' | 'Suspended' | string;
  MFADelete?: 'Enabled' | 'Disabled' | string;
};

export type BucketLoggingResult = { LoggingEnabled?: { TargetBucket?: string; TargetPrefix?: string } };

export type ObjectLockResult = {
  ObjectLockConfiguration?: {
    ObjectLockEnabled?: 'Enabled' | string;
    Rule?: { DefaultRetention?: { Mode?: string; Days?: number; Years?: number } };
  };
};

export type LifecycleRule = {
  ID?: string;
  Status?: 'Enabled' | 'Disabled' | string;
  Prefix?: string;
  Filter?: Record<string, unknown>;
  Expiration?: { Days?: number; Date?: string; ExpiredObjectDeleteMarker?: boolean };
  Transitions?: Array<{ Days?: number; StorageClass?: string }>;
  NoncurrentVersionExpiration?: { NoncurrentDays?: number };
};

export type LifecycleResult = { Rules?: LifecycleRule[] };

export type BucketAclResult = {
  Owner?: { ID?: string; DisplayName?: string };
  Grants?: Array<{ Grantee?: { Type?: string; URI?: string; ID?: string }; Permission?: string }>;
};

export type DescribeOrganizationResult = {
  Organization?: {
    Id?: string;
    Arn?: string;
    MasterAccountId?: string;
    MasterAccountArn?: string;
    FeatureSet?: string;
  };
};

export type DelegatedAdministratorsResult = {
  DelegatedAdministrators?: Array<{ Id?: string; Arn?: string; Name?: string; Status?: string }>;
};

/** The per-trail calls, made in the trail's home region with its ARN. */
export type TrailCalls = {
  status: Outcome<TrailStatusResult>;
  eventSelectors: Outcome<EventSelectorsResult>;
  insightSelectors: Outcome<InsightSelectorsResult>;
};

/** The per-bucket calls, once for every bucket a trail writes to. */
export type BucketCalls = {
  policyStatus: Outcome<PolicyStatusResult>;
  publicAccessBlock: Outcome<PublicAccessBlockResult>;
  encryption: Outcome<BucketEncryptionResult>;
  versioning: Outcome<BucketVersioningResult>;
  logging: Outcome<BucketLoggingResult>;
  objectLock: Outcome<ObjectLockResult>;
  lifecycle: Outcome<LifecycleResult>;
  acl: Outcome<BucketAclResult>;
};

export const BUCKET_CALLS = [
  'policyStatus',
  'publicAccessBlock',
  'encryption',
  'versioning',
  'logging',
  'objectLock',
  'lifecycle',
  'acl',
] as const satisfies ReadonlyArray<keyof BucketCalls>;

export const TRAIL_CALLS = ['status', 'eventSelectors', 'insightSelectors'] as const satisfies ReadonlyArray<
  keyof TrailCalls
>;

/** Version of the snapshot layout; bump on any incompatible change. */
export const SNAPSHOT_SCHEMA_VERSION = 1;

/** Everything the audit reads, taken at one moment. */
export type TrailSnapshot = {
  schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
  /** When the calls were made (ISO 8601): delivery ages are measured from here. */
  takenAt: string;
  /** The audited account, when known (trails owned by it, or given by the caller). */
  accountId?: string;
  /** The regions that were asked; coverage checks are about these. */
  regions: string[];
  /** Region → DescribeTrails with shadow trails. */
  describeTrails: Record<string, Outcome<DescribeTrailsResult>>;
  /** TrailARN → the per-trail calls. */
  trails: Record<string, TrailCalls>;
  /** Bucket name → the per-bucket calls. */
  buckets: Record<string, BucketCalls>;
  organization: Outcome<DescribeOrganizationResult>;
  /** ListDelegatedAdministrators for `cloudtrail.amazonaws.com`. */
  delegatedAdministrators: Outcome<DelegatedAdministratorsResult>;
};

/** Whether a trail's management events in one account and region are the free first copy. */
export type CopyLabel = {
  accountId: string;
  region: string;
  trailArn: string;
  copy: 'first' | 'additional';
  /** Which management events the trail records there. */
  read: boolean;
  write: boolean;
  /** Management event sources the trail leaves out (e.g. `kms.amazonaws.com`). */
  excludedSources: string[];
};

/** One result of the audit. `id` is the check id: the same problem always has the same id. */
export type TrailFinding = {
  id: string;
  severity: Severity;
  /** Trail ARN, or null for account-wide findings (no trail, regional gaps). */
  trail: string | null;
  /** What the finding is about: the trail ARN, `s3://bucket`, or `account <id>`. */
  resource: string;
  /** `not-evaluated` when a call the check needs was denied or failed: never a silent pass. */
  status: 'fail' | 'not-evaluated';
  title: string;
  /** The values read that led to the finding. */
  evidence: Record<string, unknown>;
  /** The exact command that fixes it (placeholders in `<angle brackets>`). */
  remediation: string;
  /** What the finding costs per month in USD, when money is involved and usage is known. */
  monthlyCostUsd: number | null;
  /** Security Hub control ids and Prowler check ids this check corresponds to. */
  controls: string[];
};

/** One trail as the report lists it. */
export type TrailSummary = {
  arn: string;
  name: string;
  homeRegion: string;
  accountId: string;
  multiRegion: boolean;
  organization: boolean;
  logging: boolean | null;
  bucket: string | null;
  keyPrefix: string | null;
  kmsKeyId: string | null;
  logFileValidation: boolean;
  globalServiceEvents: boolean;
  management: { read: boolean; write: boolean; excludedSources: string[] } | null;
  dataEvents: boolean | null;
  insights: string[] | null;
  cloudWatchLogs: boolean;
  /** Regions of the audit the trail records events in. */
  regions: string[];
};

/** What `auditTrails` returns and the CLI and Lambda write out. */
export type AuditReport = {
  schemaVersion: 1;
  takenAt: string;
  accountId: string | null;
  regions: string[];
  trails: TrailSummary[];
  copies: CopyLabel[];
  findings: TrailFinding[];
};
