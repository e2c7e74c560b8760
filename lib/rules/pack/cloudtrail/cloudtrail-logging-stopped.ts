import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** CloudTrail logging stopped: A trail stopped logging: the first step in covering tracks, and every later action goes unrecorded. */
export const rule: RuleDefinition = {
  id: 'cloudtrail-logging-stopped',
  title: 'CloudTrail logging stopped',
  description: 'A trail stopped logging: the first step in covering tracks, and every later action goes unrecorded.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.008'],
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopLogging.html',
    'https://attack.mitre.org/techniques/T1562/008/',
  ],
  eventSource: 'cloudtrail.amazonaws.com',
  eventNames: ['StopLogging'],
  match: (r) => succeeded(r),
};
