import type { RuleDefinition } from '../../types.js';

/** Burst of failed console sign-ins: Five or more failed console sign-ins from one source address within 10 minutes: password guessing or spraying. */
export const rule: RuleDefinition = {
  id: 'console-login-failure-burst',
  title: 'Burst of failed console sign-ins',
  description:
    'Five or more failed console sign-ins from one source address within 10 minutes: password guessing or spraying.',
  severity: 'medium',
  tags: ['attack.credential-access', 'attack.t1110'],
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html',
    'https://attack.mitre.org/techniques/T1110/',
  ],
  eventSource: 'signin.amazonaws.com',
  eventNames: ['ConsoleLogin'],
  match: (r) => (r.responseElements as { ConsoleLogin?: string } | null | undefined)?.ConsoleLogin === 'Failure',
  dedup: ['recipientAccountId', 'sourceIPAddress'],
  threshold: { count: 5, window: '10m' },
};
