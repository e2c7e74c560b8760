import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** S3 Object Lock governance retention bypassed: A delete or retention change used x-amz-bypass-governance-retention: objects protected by governance-mode Object Lock were removed or unlocked early. */
export const rule: RuleDefinition = {
  id: 's3-object-lock-governance-bypassed',
  title: 'S3 Object Lock governance retention bypassed',
  description:
    'A delete or retention change used x-amz-bypass-governance-retention: objects protected by governance-mode Object Lock were removed or unlocked early.',
  severity: 'high',
  tags: ['attack.impact', 'attack.t1490'],
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html#object-lock-managing-bypass',
  ],
  eventSource: 's3.amazonaws.com',
  eventNames: ['DeleteObject', 'DeleteObjects', 'PutObjectRetention'],
  match: (r) => succeeded(r) && String(params(r)['x-amz-bypass-governance-retention']).toLowerCase() === 'true',
};
