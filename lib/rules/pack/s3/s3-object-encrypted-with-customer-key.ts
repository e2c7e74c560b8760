import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** S3 object written with a customer-provided key (SSE-C): An object was written or copied with server-side encryption under a key the caller supplied (SSE-C): AWS keeps no copy of the key, so without it the data is gone. Used by S3 ransomware campaigns. */
export const rule: RuleDefinition = {
  id: 's3-object-encrypted-with-customer-key',
  title: 'S3 object written with a customer-provided key (SSE-C)',
  description:
    'An object was written or copied with server-side encryption under a key the caller supplied (SSE-C): AWS keeps no copy of the key, so without it the data is gone. Used by S3 ransomware campaigns.',
  severity: 'high',
  tags: ['attack.impact', 'attack.t1486'],
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerSideEncryptionCustomerKeys.html',
  ],
  eventSource: 's3.amazonaws.com',
  eventNames: ['CopyObject', 'PutObject', 'CreateMultipartUpload', 'UploadPartCopy'],
  match: (r) => succeeded(r) && params(r)['x-amz-server-side-encryption-customer-algorithm'] !== undefined,
};
