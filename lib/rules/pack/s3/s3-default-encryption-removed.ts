import { madeByAwsService, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** S3 bucket default encryption configuration removed: A bucket's default encryption configuration was deleted by a person or pipeline: new objects fall back to SSE-S3, so a KMS key policy no longer limits who can read them. */
export const rule: RuleDefinition = {
  id: 's3-default-encryption-removed',
  title: 'S3 bucket default encryption configuration removed',
  description:
    "A bucket's default encryption configuration was deleted by a person or pipeline: new objects fall back to SSE-S3, so a KMS key policy no longer limits who can read them.",
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketEncryption.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-encryption.html',
  ],
  eventSource: 's3.amazonaws.com',
  eventNames: ['DeleteBucketEncryption'],
  match: (r) => succeeded(r) && !madeByAwsService(r),
};
