import type { Severity } from '../model/alert.js';
import { reasonOf } from './outcome.js';
import type { Outcome, TrailFinding } from '../model/trails.js';

/**
 * Every check the audit makes: id, default severity, title and the controls it corresponds to
 * (Security Hub CSPM control ids `CloudTrail.n`/`S3.n`, Prowler check ids `prowler:…`).
 * Security Hub ids and titles from https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html;
 * Prowler ids from prowler/providers/aws/services/cloudtrail/ in github.com/prowler-cloud/prowler.
 * docs/trails.md renders this table; test/trails/checks-catalog.test.ts keeps the two in step.
 */
export const CHECKS = {
  'trail-none': {
    severity: 'high',
    title: 'No CloudTrail trail exists',
    controls: ['CloudTrail.3', 'CloudTrail.1', 'prowler:cloudtrail_multi_region_enabled'],
  },
  'management-events-region-gap': {
    severity: 'high',
    title: 'Regions where no logging trail records read and write management events',
    controls: ['CloudTrail.1', 'prowler:cloudtrail_multi_region_enabled_logging_management_events'],
  },
  'multi-region-trail-missing': {
    severity: 'medium',
    title: 'No logging multi-region trail records all read and write management events',
    controls: ['CloudTrail.1', 'prowler:cloudtrail_multi_region_enabled'],
  },
  'security-trail-missing': {
    severity: 'medium',
    title:
      'No trail meets every security best practice (multi-region, global events, validation, KMS, all management events)',
    controls: ['prowler:cloudtrail_security_trail_enabled'],
  },
  'global-service-events-missing': {
    severity: 'high',
    title: 'No logging trail includes global service events (IAM, STS, CloudFront)',
    controls: [],
  },
  'organization-trail-management-account': {
    severity: 'medium',
    title: 'Organization trail is administered from the management account (no delegated administrator)',
    controls: [],
  },
  'watched-bucket-orphaned': {
    severity: 'high',
    title: 'trailwatch reads a bucket that no trail writes to',
    controls: [],
  },
  's3-data-events-missing': {
    severity: 'info',
    title: 'No trail records S3 object-level events for all buckets',
    controls: ['prowler:cloudtrail_s3_dataevents_write_enabled', 'prowler:cloudtrail_s3_dataevents_read_enabled'],
  },
  'trail-not-logging': {
    severity: 'high',
    title: 'Trail is not logging',
    controls: ['CloudTrail.1', 'CloudTrail.3'],
  },
  'trail-delivery-error': {
    severity: 'high',
    title: 'Trail reports a delivery error',
    controls: [],
  },
  'trail-delivery-stale': {
    severity: 'medium',
    title: 'Trail has delivered nothing recently',
    controls: ['prowler:cloudtrail_cloudwatch_logging_enabled'],
  },
  'log-file-validation-off': {
    severity: 'medium',
    title: 'Log file validation is off: no digest files, nothing to verify',
    controls: ['CloudTrail.4', 'prowler:cloudtrail_log_file_validation_enabled'],
  },
  'kms-encryption-off': {
    severity: 'medium',
    title: 'Trail does not encrypt log files with a KMS key (SSE-KMS)',
    controls: ['CloudTrail.2', 'prowler:cloudtrail_kms_encryption_enabled'],
  },
  'cloudwatch-logs-off': {
    severity: 'info',
    title: 'Trail does not deliver to CloudWatch Logs (CIS profiles ask for it)',
    controls: ['CloudTrail.5', 'prowler:cloudtrail_cloudwatch_logging_enabled'],
  },
  'insights-off': {
    severity: 'info',
    title: "Insights are off (trailwatch's own anomalies cover call and error rates)",
    controls: ['prowler:cloudtrail_insights_exist'],
  },
  'management-events-duplicate-copy': {
    severity: 'low',
    title: 'Trail re-delivers management events another trail already delivers (paid copy)',
    controls: [],
  },
  'data-events-unscoped': {
    severity: 'low',
    title: 'Basic data-event selectors log every S3 object or Lambda function',
    controls: [],
  },
  'bucket-missing': {
    severity: 'critical',
    title: 'Trail writes to a bucket that does not exist (anyone may create it and receive the logs)',
    controls: [],
  },
  'bucket-public': {
    severity: 'critical',
    title: 'Trail bucket is publicly accessible',
    controls: ['CloudTrail.6', 'prowler:cloudtrail_logs_s3_bucket_is_not_publicly_accessible'],
  },
  'bucket-public-access-block-off': {
    severity: 'medium',
    title: 'Trail bucket does not block all public access',
    controls: ['S3.8'],
  },
  'bucket-versioning-off': {
    severity: 'medium',
    title: 'Trail bucket has neither versioning nor Object Lock: deleted or overwritten logs are gone',
    controls: ['S3.14', 'S3.15'],
  },
  'bucket-mfa-delete-off': {
    severity: 'low',
    title: 'Trail bucket does not require MFA delete',
    controls: ['prowler:cloudtrail_bucket_requires_mfa_delete'],
  },
  'bucket-access-logging-off': {
    severity: 'low',
    title: 'Server access logging is off on the trail bucket',
    controls: ['CloudTrail.7', 'prowler:cloudtrail_logs_s3_bucket_access_logging_enabled'],
  },
  'bucket-key-off': {
    severity: 'low',
    title: 'SSE-KMS without an S3 Bucket Key: one KMS request per log file',
    controls: [],
  },
  'bucket-lifecycle-missing': {
    severity: 'info',
    title: 'Trail bucket has no enabled lifecycle rule: logs are kept (and paid for) forever',
    controls: [],
  },
} as const satisfies Record<string, { severity: Severity; title: string; controls: readonly string[] }>;

export type CheckId = keyof typeof CHECKS;

/** The parts of a finding a check decides; the rest comes from the catalog. */
export type FindingParts = {
  trail: string | null;
  resource: string;
  evidence: Record<string, unknown>;
  remediation: string;
  title?: string;
  severity?: Severity;
  monthlyCostUsd?: number | null;
};

/** A failed check. */
export const fail = (id: CheckId, parts: FindingParts): TrailFinding => ({
  id,
  severity: parts.severity ?? CHECKS[id].severity,
  trail: parts.trail,
  resource: parts.resource,
  status: 'fail',
  title: parts.title ?? CHECKS[id].title,
  evidence: parts.evidence,
  remediation: parts.remediation,
  monthlyCostUsd: parts.monthlyCostUsd ?? null,
  controls: [...CHECKS[id].controls],
});

/**
 * A check that could not be made because a call it needs was denied or failed: reported at
 * `info` so it is seen without failing the run on permissions alone.
 * @param call - the API call, e.g. `s3:GetBucketVersioning`
 */
export const notEvaluated = (
  id: CheckId,
  where: { trail: string | null; resource: string },
  call: string,
  outcome: Outcome<unknown>
): TrailFinding => ({
  id,
  severity: 'info',
  trail: where.trail,
  resource: where.resource,
  status: 'not-evaluated',
  title: `${CHECKS[id].title}: not evaluated: ${reasonOf(outcome)}`,
  evidence: {
    call,
    outcome: outcome.status,
    ...(outcome.status !== 'ok' && { code: outcome.code, message: outcome.message }),
  },
  remediation: `grant ${call} to the auditing role, or collect its output into the --from-dir folder`,
  monthlyCostUsd: null,
  controls: [...CHECKS[id].controls],
});
