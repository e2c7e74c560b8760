import { fail, nameOf, trailWhere } from './helpers.js';
import type { TrailCheck } from './types.js';

/** The trail encrypts its log files with a KMS key. */
export const check: TrailCheck<'kms-encryption-off'> = {
  id: 'kms-encryption-off',
  severity: 'medium',
  title: 'Trail does not encrypt log files with a KMS key (SSE-KMS)',
  controls: ['CloudTrail.2', 'prowler:cloudtrail_kms_encryption_enabled'],
  evaluate: ({ trail }) =>
    trail.description.KmsKeyId
      ? []
      : [
          fail(check, {
            ...trailWhere(trail),
            evidence: { KmsKeyId: null },
            remediation: `aws cloudtrail update-trail ${nameOf(trail)} --kms-key-id <kms-key-arn>   # key policy: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html`,
          }),
        ],
};
