import { member, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Objects rewritten with a customer-provided key: One principal rewrote 20 or more objects of a bucket within 10 minutes with SSE-C, encryption under a key S3 does not keep: without that key the data is unreadable, the shape of S3 ransomware. */
/** Read alone (not all of requestParameters): the rule sees every object write of S3 data events. */
const SSE_C_ALGORITHM = ['requestParameters', 'x-amz-server-side-encryption-customer-algorithm'];

export const rule: RuleDefinition = {
  id: 's3-objects-encrypted-with-customer-key',
  title: 'Objects rewritten with a customer-provided key',
  description:
    'One principal rewrote 20 or more objects of a bucket within 10 minutes with SSE-C, encryption under a key S3 does not keep: without that key the data is unreadable, the shape of S3 ransomware.',
  severity: 'high',
  tags: ['attack.impact', 'attack.t1486'],
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerSideEncryptionCustomerKeys.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.impact.s3-ransomware-client-side-encryption/',
  ],
  eventSource: 's3.amazonaws.com',
  eventNames: ['CopyObject', 'PutObject'],
  match: (r) => succeeded(r) && typeof member(r, SSE_C_ALGORITHM) === 'string',
  dedup: ['recipientAccountId', 'userIdentity.arn', 'requestParameters.bucketName'],
  threshold: { count: 20, window: '10m' },
};
