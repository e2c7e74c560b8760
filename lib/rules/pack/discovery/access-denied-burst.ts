import type { RuleDefinition } from '../../types.js';

/** Burst of denied API calls by one principal: One principal received 20 or more AccessDenied or UnauthorizedOperation errors within 10 minutes: typical of enumeration with stolen credentials. */
export const rule: RuleDefinition = {
  id: 'access-denied-burst',
  title: 'Burst of denied API calls by one principal',
  description:
    'One principal received 20 or more AccessDenied or UnauthorizedOperation errors within 10 minutes: typical of enumeration with stolen credentials.',
  severity: 'medium',
  tags: ['attack.discovery', 'attack.t1580'],
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html',
    'https://attack.mitre.org/techniques/T1580/',
  ],
  pattern:
    '{ ($.errorCode = "AccessDenied*") || ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "*UnauthorizedAccess") }',
  dedup: ['recipientAccountId', 'userIdentity.arn'],
  threshold: { count: 20, window: '10m' },
};
