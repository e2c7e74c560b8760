import type { RuleDefinition } from '../../types.js';

/** S3 bucket policy changed: A bucket policy, ACL, CORS, lifecycle or replication configuration was changed. CIS AWS Foundations v1.2.0 3.8, v1.4.0 4.8. */
export const rule: RuleDefinition = {
  id: 'cis-cloudwatch-8-s3-bucket-policy-changes',
  title: 'S3 bucket policy changed',
  description:
    'A bucket policy, ACL, CORS, lifecycle or replication configuration was changed. CIS AWS Foundations v1.2.0 3.8, v1.4.0 4.8.',
  severity: 'low',
  tags: ['attack.defense-evasion', 'attack.t1562'],
  references: ['https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-8'],
  pattern:
    '{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}',
};
