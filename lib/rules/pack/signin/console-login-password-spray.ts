import { response } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Console password spraying: Failed console sign-ins for 5 or more different user names from one IP address within 30 minutes: a few passwords tried across many users, below each user's lockout and alarms. */
export const rule: RuleDefinition = {
  id: 'console-login-password-spray',
  title: 'Console password spraying',
  description:
    "Failed console sign-ins for 5 or more different user names from one IP address within 30 minutes: a few passwords tried across many users, below each user's lockout and alarms.",
  severity: 'medium',
  tags: ['attack.credential-access', 'attack.t1110.003'],
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html',
    'https://attack.mitre.org/techniques/T1110/003/',
  ],
  eventSource: 'signin.amazonaws.com',
  eventNames: ['ConsoleLogin'],
  match: (r) => response(r).ConsoleLogin === 'Failure',
  dedup: ['recipientAccountId', 'sourceIPAddress'],
  threshold: { count: 5, window: '30m', distinct: 'userIdentity.userName' },
};
