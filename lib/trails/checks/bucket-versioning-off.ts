import { bucketWhere, fail, notEvaluated } from './helpers.js';
import type { BucketCheck } from './types.js';

/** The bucket has versioning or Object Lock. */
export const check: BucketCheck<'bucket-versioning-off'> = {
  id: 'bucket-versioning-off',
  severity: 'medium',
  title: 'Trail bucket has neither versioning nor Object Lock: deleted or overwritten logs are gone',
  controls: ['S3.14', 'S3.15'],
  evaluate: ({ bucket, calls, trails }) => {
    const where = bucketWhere(bucket, trails);
    const { versioning, objectLock: lock } = calls;
    const lockEnabled = lock.status === 'ok' && lock.value.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled';
    const versioned = versioning.status === 'ok' && versioning.value.Status === 'Enabled';
    if (versioned || lockEnabled) return [];
    if (versioning.status !== 'ok') return [notEvaluated(check, where, 's3:GetBucketVersioning', versioning)];
    if (lock.status !== 'ok' && lock.status !== 'absent') {
      return [notEvaluated(check, where, 's3:GetBucketObjectLockConfiguration', lock)];
    }
    return [
      fail(check, {
        ...where,
        evidence: {
          versioning: versioning.value.Status ?? 'Never enabled',
          objectLock: lock.status === 'ok' ? lock.value : null,
        },
        remediation: `aws s3api put-bucket-versioning --bucket ${bucket} --versioning-configuration Status=Enabled`,
      }),
    ];
  },
};
