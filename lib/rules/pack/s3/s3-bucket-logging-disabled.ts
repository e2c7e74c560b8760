import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** S3 server access logging disabled: Server access logging was turned off for a bucket (a logging status without LoggingEnabled). */
export const rule: RuleDefinition = {
  id: 's3-bucket-logging-disabled',
  title: 'S3 server access logging disabled',
  description: 'Server access logging was turned off for a bucket (a logging status without LoggingEnabled).',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.008'],
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLogging.html'],
  eventSource: 's3.amazonaws.com',
  eventNames: ['PutBucketLogging'],
  match: (r) =>
    succeeded(r) &&
    (params(r).BucketLoggingStatus as { LoggingEnabled?: unknown } | undefined)?.LoggingEnabled === undefined,
};
