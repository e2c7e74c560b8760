import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** CloudTrail trail deleted: A trail was deleted: logging to its bucket ends and its configuration is gone. */
export const rule: RuleDefinition = {
  id: 'cloudtrail-trail-deleted',
  title: 'CloudTrail trail deleted',
  description: 'A trail was deleted: logging to its bucket ends and its configuration is gone.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.008'],
  references: ['https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DeleteTrail.html'],
  eventSource: 'cloudtrail.amazonaws.com',
  eventNames: ['DeleteTrail'],
  match: (r) => succeeded(r),
};
