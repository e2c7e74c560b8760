import { bucketWhere, fail, notEvaluated } from './helpers.js';
import type { BucketCheck } from './types.js';

/** The bucket has server access logging. */
export const check: BucketCheck<'bucket-access-logging-off'> = {
  id: 'bucket-access-logging-off',
  severity: 'low',
  title: 'Server access logging is off on the trail bucket',
  controls: ['CloudTrail.7', 'prowler:cloudtrail_logs_s3_bucket_access_logging_enabled'],
  evaluate: ({ bucket, calls, trails }) => {
    const where = bucketWhere(bucket, trails);
    const logging = calls.logging;
    if (logging.status !== 'ok') return [notEvaluated(check, where, 's3:GetBucketLogging', logging)];
    if (logging.value.LoggingEnabled?.TargetBucket) return [];
    return [
      fail(check, {
        ...where,
        evidence: { LoggingEnabled: null },
        remediation: `aws s3api put-bucket-logging --bucket ${bucket} --bucket-logging-status '{"LoggingEnabled":{"TargetBucket":"<access-log-bucket>","TargetPrefix":"${bucket}/"}}'`,
      }),
    ];
  },
};
