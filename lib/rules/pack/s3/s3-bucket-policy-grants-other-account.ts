import { accountOf, params, policyStatements, principalAccounts, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** S3 bucket policy grants another account: A bucket policy allows principals of another AWS account: that account can reach the bucket with its own credentials (a common exfiltration path). */
export const rule: RuleDefinition = {
  id: 's3-bucket-policy-grants-other-account',
  title: 'S3 bucket policy grants another account',
  description:
    'A bucket policy allows principals of another AWS account: that account can reach the bucket with its own credentials (a common exfiltration path).',
  severity: 'medium',
  tags: ['attack.exfiltration', 'attack.t1537'],
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-walkthroughs-managing-access-example2.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.exfiltration.s3-backdoor-bucket-policy/',
  ],
  eventSource: 's3.amazonaws.com',
  eventNames: ['PutBucketPolicy'],
  match: (r) =>
    succeeded(r) &&
    policyStatements(params(r).bucketPolicy ?? params(r).policy).some(
      (s) => s.Effect === 'Allow' && principalAccounts(s).some((a) => a !== accountOf(r))
    ),
};
