import { check as bucketAccessLoggingOff } from './bucket-access-logging-off.js';
import { check as bucketKeyOff } from './bucket-key-off.js';
import { check as bucketLifecycleMissing } from './bucket-lifecycle-missing.js';
import { check as bucketMfaDeleteOff } from './bucket-mfa-delete-off.js';
import { check as bucketMissing } from './bucket-missing.js';
import { check as bucketPublic } from './bucket-public.js';
import { check as bucketPublicAccessBlockOff } from './bucket-public-access-block-off.js';
import { check as bucketVersioningOff } from './bucket-versioning-off.js';
import { check as cloudwatchLogsOff } from './cloudwatch-logs-off.js';
import { check as dataEventsUnscoped } from './data-events-unscoped.js';
import { check as globalServiceEventsMissing } from './global-service-events-missing.js';
import { check as insightsOff } from './insights-off.js';
import { check as kmsEncryptionOff } from './kms-encryption-off.js';
import { check as logFileValidationOff } from './log-file-validation-off.js';
import { check as managementEventsDuplicateCopy } from './management-events-duplicate-copy.js';
import { check as managementEventsRegionGap } from './management-events-region-gap.js';
import { check as multiRegionTrailMissing } from './multi-region-trail-missing.js';
import { check as organizationTrailManagementAccount } from './organization-trail-management-account.js';
import { check as s3DataEventsMissing } from './s3-data-events-missing.js';
import { check as securityTrailMissing } from './security-trail-missing.js';
import { check as trailDeliveryError } from './trail-delivery-error.js';
import { check as trailDeliveryStale } from './trail-delivery-stale.js';
import { check as trailNone } from './trail-none.js';
import { check as trailNotLogging } from './trail-not-logging.js';
import { check as watchedBucketOrphaned } from './watched-bucket-orphaned.js';

/** The account-wide checks, in the order they are made. */
export const ACCOUNT_CHECKS = [
  trailNone,
  managementEventsRegionGap,
  multiRegionTrailMissing,
  securityTrailMissing,
  globalServiceEventsMissing,
  s3DataEventsMissing,
  organizationTrailManagementAccount,
  watchedBucketOrphaned,
] as const;

/** The per-trail checks, in the order they are made. */
export const TRAIL_CHECKS = [
  trailNotLogging,
  trailDeliveryError,
  trailDeliveryStale,
  logFileValidationOff,
  kmsEncryptionOff,
  cloudwatchLogsOff,
  insightsOff,
  managementEventsDuplicateCopy,
  dataEventsUnscoped,
] as const;

/** The per-bucket checks, in the order they are made (bucket-missing first: it stops the others). */
export const BUCKET_CHECKS = [
  bucketMissing,
  bucketPublic,
  bucketPublicAccessBlockOff,
  bucketVersioningOff,
  bucketMfaDeleteOff,
  bucketAccessLoggingOff,
  bucketKeyOff,
  bucketLifecycleMissing,
] as const;

/** Every check, in the order the catalogue (and docs/trails.md) lists them: account, trail, bucket. */
export const CATALOGUE_ORDER = [
  trailNone,
  managementEventsRegionGap,
  multiRegionTrailMissing,
  securityTrailMissing,
  globalServiceEventsMissing,
  organizationTrailManagementAccount,
  watchedBucketOrphaned,
  s3DataEventsMissing,
  ...TRAIL_CHECKS,
  ...BUCKET_CHECKS,
] as const;
