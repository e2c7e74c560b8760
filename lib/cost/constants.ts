import type { InsightType, PriceTable } from './types.js';

/**
 * CloudTrail's public prices (USD), from https://aws.amazon.com/cloudtrail/pricing/ and the AWS
 * Price List (service code AWSCloudTrail); see https://aws.amazon.com/cloudtrail/pricing/ and the Price List API.
 * Network activity, Insights and Lake rates are Price List values the pricing page did not state.
 */
export const DEFAULT_PRICES: Readonly<PriceTable> = Object.freeze({
  managementFirstCopyPer100k: 0,
  managementAdditionalCopyPer100k: 2.0,
  dataPer100k: 0.1,
  networkActivityPer100k: 0.1,
  insightsManagementPer100k: 0.35,
  insightsDataPer100k: 0.03,
  lakeIngestionPerGb: 0.75,
  kmsRequestsPer10k: 0.03,
});

/** Both Insights types, as enabling "all" means. */
export const INSIGHT_TYPES: readonly InsightType[] = ['ApiCallRateInsight', 'ApiErrorRateInsight'];

/** Bytes in the GB that AWS bills Lake ingestion by (GiB). */
export const BYTES_PER_GB = 1024 ** 3;

/** Where ingest writes per-file summaries (by delivery hour). */
export const SUMMARIES_PREFIX = 'summaries/';
/** Hourly rollups, per account. */
export const HOURLY_PREFIX = 'rollups/hourly/';
/** Daily rollups, per account. */
export const DAILY_PREFIX = 'rollups/daily/';
/** Daily reports (JSON, CSV, Markdown). */
export const REPORTS_PREFIX = 'reports/cost/';

/** Name of the per-hour and per-day manifest objects. */
export const MANIFEST_NAME = '_manifest.json';

/** Defaults of the scheduled runs. */
export const RUN_DEFAULTS = Object.freeze({
  /** Delivery hours before the target hour that each hourly run re-lists for late summaries. */
  lookbackHours: 3,
  /** Days before the target day that each daily run re-lists and rebuilds if changed. */
  lookbackDays: 1,
  /** Accounts processed at once. */
  accountConcurrency: 8,
  /** Summary reads in flight per account. */
  readConcurrency: 16,
});

/** Event source of AWS KMS (exclusion and S3 Bucket Keys advice). */
export const KMS_SOURCE = 'kms.amazonaws.com';
/** Event source of the Amazon RDS Data API (exclusion advice). */
export const RDS_DATA_SOURCE = 'rdsdata.amazonaws.com';
/** KMS calls S3 makes per object under SSE-KMS; S3 Bucket Keys replace most of them. */
export const KMS_BUCKET_KEY_EVENTS: readonly string[] = [
  'Decrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'Encrypt',
  'ReEncrypt',
];

/** Thresholds of the advice rules. */
export const ADVICE_DEFAULTS = Object.freeze({
  /** KMS Bucket-Key calls "dominate" when they are at least this share of management events. */
  kmsDominanceShare: 0.2,
  /** AWS says S3 Bucket Keys cut KMS request traffic by up to 99%. */
  bucketKeyReduction: 0.99,
  /** How many of the costliest data-event types get their own selector advice. */
  noisyDataTypes: 3,
  /** …when each is at least this share of the data-event cost. */
  noisyDataShare: 0.1,
});

/** Advanced event selectors need a resources.type for data events; the common ones. */
export const DATA_RESOURCE_TYPES: Readonly<Record<string, string>> = Object.freeze({
  's3.amazonaws.com': 'AWS::S3::Object',
  'lambda.amazonaws.com': 'AWS::Lambda::Function',
  'dynamodb.amazonaws.com': 'AWS::DynamoDB::Table',
  's3-outposts.amazonaws.com': 'AWS::S3Outposts::Object',
  'sns.amazonaws.com': 'AWS::SNS::Topic',
  'sqs.amazonaws.com': 'AWS::SQS::Queue',
  'kinesis.amazonaws.com': 'AWS::Kinesis::Stream',
  'secretsmanager.amazonaws.com': 'AWS::SecretsManager::Secret',
});
