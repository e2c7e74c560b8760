import { NOT_SERVICE_CLAUSE } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Objects listed across many buckets: One principal listed the objects of 10 or more different buckets within 10 minutes (allowed or not): a search of the account's storage for data worth taking. Needs S3 data events; AWS services are left out. */
export const rule: RuleDefinition = {
  id: 's3-buckets-listed-in-bulk',
  title: 'Objects listed across many buckets',
  description:
    "One principal listed the objects of 10 or more different buckets within 10 minutes (allowed or not): a search of the account's storage for data worth taking. Needs S3 data events; AWS services are left out.",
  severity: 'medium',
  tags: ['attack.discovery', 'attack.t1619'],
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html',
    'https://attack.mitre.org/techniques/T1619/',
  ],
  eventSource: 's3.amazonaws.com',
  eventNames: ['ListObjects', 'ListObjectsV2', 'ListObjectVersions'],
  pattern: `{ ${NOT_SERVICE_CLAUSE} }`,
  dedup: ['recipientAccountId', 'userIdentity.arn'],
  threshold: { count: 10, window: '10m', distinct: 'requestParameters.bucketName' },
};
