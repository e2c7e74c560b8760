import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Mass deletion of S3 objects: One principal deleted objects with 100 or more requests within 5 minutes (S3 data events; DeleteObjects does not log keys). */
export const rule: RuleDefinition = {
  id: 's3-mass-object-deletion',
  title: 'Mass deletion of S3 objects',
  description:
    'One principal deleted objects with 100 or more requests within 5 minutes (S3 data events; DeleteObjects does not log keys).',
  severity: 'high',
  tags: ['attack.impact', 'attack.t1485'],
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html',
    'https://attack.mitre.org/techniques/T1485/',
  ],
  eventSource: 's3.amazonaws.com',
  eventNames: ['DeleteObject', 'DeleteObjects'],
  match: (r) => succeeded(r),
  dedup: ['recipientAccountId', 'userIdentity.arn', 'requestParameters.bucketName'],
  threshold: { count: 100, window: '5m' },
};
