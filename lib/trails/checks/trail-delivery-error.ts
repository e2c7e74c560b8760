import type { TrailStatusResult } from '../../model/trails.js';
import { fail, notEvaluated, statusOf, trailWhere } from './helpers.js';
import type { TrailCheck } from './types.js';

const ERROR_FIELDS = [
  'LatestDeliveryError',
  'LatestDigestDeliveryError',
  'LatestNotificationError',
  'LatestCloudWatchLogsDeliveryError',
] as const satisfies ReadonlyArray<keyof TrailStatusResult>;

/** GetTrailStatus reports no S3, digest, SNS or CloudWatch Logs delivery error. */
export const check: TrailCheck<'trail-delivery-error'> = {
  id: 'trail-delivery-error',
  severity: 'high',
  title: 'Trail reports a delivery error',
  controls: [],
  evaluate: ({ trail }) => {
    const where = trailWhere(trail);
    const outcome = statusOf(trail);
    if (outcome.status !== 'ok') return [notEvaluated(check, where, 'cloudtrail:GetTrailStatus', outcome)];
    const status = outcome.value;
    const errors = Object.fromEntries(ERROR_FIELDS.filter((f) => status[f]).map((f) => [f, status[f]]));
    if (Object.keys(errors).length === 0) return [];
    return [
      fail(check, {
        ...where,
        title: `Trail ${trail.name} reports ${Object.keys(errors).join(', ')}`,
        evidence: {
          ...errors,
          S3BucketName: trail.description.S3BucketName ?? null,
          KmsKeyId: trail.description.KmsKeyId ?? null,
        },
        remediation: errors.LatestCloudWatchLogsDeliveryError
          ? `aws iam get-role-policy --role-name <CloudWatchLogsRoleArn name> --policy-name <policy>   # the role needs logs:CreateLogStream and logs:PutLogEvents on ${trail.description.CloudWatchLogsLogGroupArn ?? '<log group>'}`
          : `aws s3api put-bucket-policy --bucket ${trail.description.S3BucketName ?? '<bucket>'} --policy file://cloudtrail-bucket-policy.json   # policy: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html; for KMS errors see the key policy`,
      }),
    ];
  },
};
