import { isForeignAccount, params, response, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** S3 object encrypted with a KMS key of another account: An object was written or copied in place with SSE-KMS under a key owned by another account: once that account revokes access, the data cannot be read (S3 ransomware). */
export const rule: RuleDefinition = {
  id: 's3-object-encrypted-with-other-account-kms-key',
  title: 'S3 object encrypted with a KMS key of another account',
  description:
    'An object was written or copied in place with SSE-KMS under a key owned by another account: once that account revokes access, the data cannot be read (S3 ransomware).',
  severity: 'high',
  tags: ['attack.impact', 'attack.t1486'],
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html',
  ],
  eventSource: 's3.amazonaws.com',
  eventNames: ['CopyObject', 'PutObject', 'CreateMultipartUpload'],
  match: (r) =>
    succeeded(r) &&
    (isForeignAccount(r, params(r)['x-amz-server-side-encryption-aws-kms-key-id']) ||
      isForeignAccount(r, response(r)['x-amz-server-side-encryption-aws-kms-key-id'])),
};
