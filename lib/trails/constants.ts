/**
 * Prices the audit quotes (USD, us-east-1, confirm against https://aws.amazon.com/cloudtrail/pricing/
 * and https://aws.amazon.com/kms/pricing/ before relying on them).
 */
export const PRICES = {
  /** Management events delivered by a trail that is not the first copy in its region. */
  managementCopyPerEvent: 2.0 / 100_000,
  /** Data events, first copy included. */
  dataEventPerEvent: 0.1 / 100_000,
  /** CloudTrail Lake ingestion, one-year extendable retention, CloudTrail events. */
  lakeIngestionPerGb: 0.75,
  /** KMS symmetric key requests. */
  kmsPerRequest: 0.03 / 10_000,
} as const;

/** Management-event sources a trail can leave out, and the two the cost advice names. */
export const EXCLUDABLE_SOURCES = ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] as const;

/** Cost findings are per month of this many days. */
export const MONTH_DAYS = 30;

/** A logging trail that delivered nothing for longer than this is reported (ms). */
export const MAX_DELIVERY_AGE_MS = 60 * 60 * 1000;

/** Digest files are delivered hourly; allow one missed hour before reporting (ms). */
export const MAX_DIGEST_AGE_MS = 2 * 60 * 60 * 1000;

/** CloudWatch Logs delivery older than this is reported, as Prowler does (ms). */
export const MAX_CLOUDWATCH_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * The regions enabled by default in every commercial account: the live audit asks these when no
 * `--region` is given. Opt-in regions are only asked when named.
 * https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html
 */
export const DEFAULT_REGIONS = [
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
] as const;

/** Where the audit keeps its reports in the results bucket (the cost rollup reads the latest). */
export const AUDIT_PREFIX = 'trails/audit/';
export const LATEST_KEY = `${AUDIT_PREFIX}latest.json`;
