import { bucketWhere, fail, notEvaluated } from './helpers.js';
import { publicState } from './public-state.js';
import type { BucketCheck } from './types.js';

/** Neither the bucket policy nor the ACL makes the bucket public. */
export const check: BucketCheck<'bucket-public'> = {
  id: 'bucket-public',
  severity: 'critical',
  title: 'Trail bucket is publicly accessible',
  controls: ['CloudTrail.6', 'prowler:cloudtrail_logs_s3_bucket_is_not_publicly_accessible'],
  evaluate: ({ bucket, calls, trails }) => {
    const where = bucketWhere(bucket, trails);
    const exposure = publicState(calls);
    if (exposure.state === 'unknown' && exposure.outcome) {
      return [notEvaluated(check, where, 's3:GetBucketPolicyStatus/GetBucketAcl', exposure.outcome)];
    }
    if (exposure.state !== 'public') return [];
    return [
      fail(check, {
        ...where,
        title: `Trail bucket s3://${bucket} is publicly accessible`,
        evidence: { ...exposure.evidence, trails: trails.map((t) => t.arn) },
        remediation: `aws s3api put-public-access-block --bucket ${bucket} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`,
      }),
    ];
  },
};
