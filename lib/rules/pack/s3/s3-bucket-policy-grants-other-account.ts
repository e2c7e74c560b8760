import { grantsOtherAccount, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** S3 bucket policy grants another account: A bucket policy lets a principal of a foreign account read or write the bucket: its data can be copied out from outside the account. */
export const rule: RuleDefinition = {
  id: 's3-bucket-policy-grants-other-account',
  title: 'S3 bucket policy grants another account',
  description:
    'A bucket policy lets a principal of a foreign account read or write the bucket: its data can be copied out from outside the account.',
  severity: 'high',
  tags: ['attack.exfiltration', 'attack.t1537'],
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.exfiltration.s3-backdoor-bucket-policy/',
  ],
  eventSource: 's3.amazonaws.com',
  eventNames: ['PutBucketPolicy'],
  match: (r) => succeeded(r) && grantsOtherAccount(params(r).bucketPolicy, r),
};
