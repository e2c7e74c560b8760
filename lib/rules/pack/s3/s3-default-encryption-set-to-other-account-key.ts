import { asList, isForeignAccount, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** S3 default encryption set to a KMS key of another account: A bucket's default encryption now uses a KMS key owned by another account: every new object is readable only as long as that account allows (S3 ransomware preparation). */
export const rule: RuleDefinition = {
  id: 's3-default-encryption-set-to-other-account-key',
  title: 'S3 default encryption set to a KMS key of another account',
  description:
    "A bucket's default encryption now uses a KMS key owned by another account: every new object is readable only as long as that account allows (S3 ransomware preparation).",
  severity: 'high',
  tags: ['attack.impact', 'attack.t1486'],
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketEncryption.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html',
  ],
  eventSource: 's3.amazonaws.com',
  eventNames: ['PutBucketEncryption'],
  match: (r) =>
    succeeded(r) &&
    asList((params(r).ServerSideEncryptionConfiguration as { Rule?: unknown } | undefined)?.Rule).some((rule) =>
      isForeignAccount(r, rule?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID)
    ),
};
