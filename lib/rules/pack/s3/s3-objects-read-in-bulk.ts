import { NOT_SERVICE_CLAUSE } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Many objects read by one principal: One principal read 50 or more different objects within 5 minutes: a bucket being copied out. Needs S3 data events; AWS services (replication, Athena, backups through invokedBy) are left out. */
export const rule: RuleDefinition = {
  id: 's3-objects-read-in-bulk',
  title: 'Many objects read by one principal',
  description:
    'One principal read 50 or more different objects within 5 minutes: a bucket being copied out. Needs S3 data events; AWS services (replication, Athena, backups through invokedBy) are left out.',
  severity: 'medium',
  tags: ['attack.collection', 'attack.t1530', 'attack.t1119'],
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html',
  ],
  eventSource: 's3.amazonaws.com',
  eventNames: ['GetObject'],
  pattern: `{ ($.errorCode NOT EXISTS) && ${NOT_SERVICE_CLAUSE} }`,
  dedup: ['recipientAccountId', 'userIdentity.arn'],
  threshold: { count: 50, window: '5m', distinct: ['requestParameters.bucketName', 'requestParameters.key'] },
};
