import { isForeignAccount, member, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** The key id in the request and in the response, read without decoding the rest of either. */
const REQUEST_KEY = ['requestParameters', 'x-amz-server-side-encryption-aws-kms-key-id'];
const RESPONSE_KEY = ['responseElements', 'x-amz-server-side-encryption-aws-kms-key-id'];

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
    succeeded(r) && (isForeignAccount(r, member(r, REQUEST_KEY)) || isForeignAccount(r, member(r, RESPONSE_KEY))),
};
