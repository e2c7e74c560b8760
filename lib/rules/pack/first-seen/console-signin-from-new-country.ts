import { response, sourceCountry } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Console sign-in from a new country: a user signed in to the console from a country their sign-ins had never come from. */
export const rule: RuleDefinition = {
  id: 'console-signin-from-new-country',
  title: 'Console sign-in from a new country',
  description:
    "A user signed in to the AWS Management Console from a country none of their earlier sign-ins came from (by the source address's country; a user's very first sign-in is learnt, not alerted).",
  severity: 'medium',
  tags: ['attack.initial-access', 'attack.t1078.004'],
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html',
    'https://attack.mitre.org/techniques/T1078/004/',
  ],
  eventSource: 'signin.amazonaws.com',
  eventNames: ['ConsoleLogin'],
  match: (r) => response(r).ConsoleLogin === 'Success' && r.errorMessage === undefined,
  firstSeen: { entity: (r) => r.userIdentity?.arn, key: sourceCountry, newEntity: 'learn' },
};
