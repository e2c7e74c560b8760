import { bucketWhere, fail, notEvaluated } from './helpers.js';
import type { BucketCheck } from './types.js';

/** The bucket's versioning requires MFA delete. */
export const check: BucketCheck<'bucket-mfa-delete-off'> = {
  id: 'bucket-mfa-delete-off',
  severity: 'low',
  title: 'Trail bucket does not require MFA delete',
  controls: ['prowler:cloudtrail_bucket_requires_mfa_delete'],
  evaluate: ({ bucket, calls, trails }) => {
    const where = bucketWhere(bucket, trails);
    const { versioning, objectLock: lock } = calls;
    if (versioning.status !== 'ok') return [notEvaluated(check, where, 's3:GetBucketVersioning', versioning)];
    if (versioning.value.MFADelete === 'Enabled') return [];
    const lockEnabled = lock.status === 'ok' && lock.value.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled';
    return [
      fail(check, {
        ...where,
        evidence: { MFADelete: versioning.value.MFADelete ?? 'Disabled', objectLockEnabled: lockEnabled },
        remediation: `aws s3api put-bucket-versioning --bucket ${bucket} --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "<root-mfa-device-arn> <code>"   # root user only; Object Lock is the alternative`,
      }),
    ];
  },
};
