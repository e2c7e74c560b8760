import { grantsPublicly, params, policyStatements, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** S3 bucket policy grants public access: A bucket policy allows Principal "*" without a Condition: the bucket (or part of it) is public. */
export const rule: RuleDefinition = {
  id: 's3-bucket-policy-public',
  title: 'S3 bucket policy grants public access',
  description: 'A bucket policy allows Principal "*" without a Condition: the bucket (or part of it) is public.',
  severity: 'critical',
  tags: ['attack.collection', 'attack.t1530'],
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html',
    'https://attack.mitre.org/techniques/T1530/',
  ],
  eventSource: 's3.amazonaws.com',
  eventNames: ['PutBucketPolicy'],
  match: (r) => succeeded(r) && policyStatements(params(r).bucketPolicy).some(grantsPublicly),
};
