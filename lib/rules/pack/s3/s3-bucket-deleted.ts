import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** S3 bucket deleted: A bucket was deleted. */
export const rule: RuleDefinition = {
  id: 's3-bucket-deleted',
  title: 'S3 bucket deleted',
  description: 'A bucket was deleted.',
  severity: 'low',
  tags: ['attack.impact', 'attack.t1485'],
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucket.html'],
  eventSource: 's3.amazonaws.com',
  eventNames: ['DeleteBucket'],
  match: (r) => succeeded(r),
};
