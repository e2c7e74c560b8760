import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Object versions permanently deleted: One principal deleted 20 or more specific object versions in a bucket within 10 minutes. Ordinary deletes leave a delete marker and keep the data; deleting versions removes it for good, defeating versioning as ransomware does. */
export const rule: RuleDefinition = {
  id: 's3-object-versions-permanently-deleted',
  title: 'Object versions permanently deleted',
  description:
    'One principal deleted 20 or more specific object versions in a bucket within 10 minutes. Ordinary deletes leave a delete marker and keep the data; deleting versions removes it for good, defeating versioning as ransomware does.',
  severity: 'high',
  tags: ['attack.impact', 'attack.t1485'],
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeletingObjectVersions.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.impact.s3-ransomware-individual-deletion/',
  ],
  eventSource: 's3.amazonaws.com',
  eventNames: ['DeleteObject'],
  match: (r) => succeeded(r) && typeof params(r).versionId === 'string',
  dedup: ['recipientAccountId', 'userIdentity.arn', 'requestParameters.bucketName'],
  threshold: { count: 20, window: '10m' },
};
