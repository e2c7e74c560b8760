import { NOT_SERVICE_CLAUSE } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** CloudTrail event history searched repeatedly: One principal searched CloudTrail's event history 30 or more times within 10 minutes (allowed or not): reading the audit log to learn what is watched and what defenders can see. AWS services are left out. */
export const rule: RuleDefinition = {
  id: 'cloudtrail-event-history-searched',
  title: 'CloudTrail event history searched repeatedly',
  description:
    "One principal searched CloudTrail's event history 30 or more times within 10 minutes (allowed or not): reading the audit log to learn what is watched and what defenders can see. AWS services are left out.",
  severity: 'low',
  tags: ['attack.discovery', 'attack.t1654'],
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html',
    'https://attack.mitre.org/techniques/T1654/',
  ],
  eventSource: 'cloudtrail.amazonaws.com',
  eventNames: ['LookupEvents'],
  pattern: `{ ${NOT_SERVICE_CLAUSE} }`,
  dedup: ['recipientAccountId', 'userIdentity.arn'],
  threshold: { count: 30, window: '10m' },
};
