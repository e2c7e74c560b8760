import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** CloudTrail trail weakened: A trail update turned off multi-region logging, global service events, log file validation or KMS encryption, or changed its bucket. */
export const rule: RuleDefinition = {
  id: 'cloudtrail-trail-weakened',
  title: 'CloudTrail trail weakened',
  description:
    'A trail update turned off multi-region logging, global service events, log file validation or KMS encryption, or changed its bucket.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.008'],
  references: ['https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html'],
  eventSource: 'cloudtrail.amazonaws.com',
  eventNames: ['UpdateTrail'],
  match: (r) =>
    succeeded(r) &&
    (params(r).isMultiRegionTrail === false ||
      params(r).includeGlobalServiceEvents === false ||
      params(r).enableLogFileValidation === false ||
      typeof params(r).s3BucketName === 'string' ||
      // an empty KmsKeyId turns SSE-KMS encryption of the log files off
      params(r).kmsKeyId === ''),
};
