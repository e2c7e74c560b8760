import { bucketWhere, fail } from './helpers.js';
import type { BucketCheck } from './types.js';

/** The trail's bucket exists; when it does not, the bucket's other checks are not made. */
export const check: BucketCheck<'bucket-missing'> = {
  id: 'bucket-missing',
  severity: 'critical',
  title: 'Trail writes to a bucket that does not exist (anyone may create it and receive the logs)',
  controls: [],
  exclusive: true,
  evaluate: ({ bucket, calls, trails }) => {
    const missing = Object.values(calls).find((o) => o.status === 'absent' && o.code === 'NoSuchBucket');
    if (!missing) return [];
    return [
      fail(check, {
        ...bucketWhere(bucket, trails),
        title: `Trail bucket s3://${bucket} does not exist`,
        evidence: {
          bucket,
          trails: trails.map((t) => t.arn),
          code: missing.status === 'absent' ? missing.code : null,
        },
        remediation: `aws s3api create-bucket --bucket ${bucket} --region ${trails[0]?.homeRegion ?? '<region>'}   # then the CloudTrail bucket policy; or: osls deploy --param createTrail=true`,
      }),
    ];
  },
};
