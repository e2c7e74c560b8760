import { fromConsole, madeByAwsService } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** SES sending capabilities enumerated: One principal made three or more SES reconnaissance calls (sending enabled, send quota, identities, verification status) within 10 minutes outside the console: the first steps of SES abuse for spam or phishing. */
export const rule: RuleDefinition = {
  id: 'ses-enumeration',
  title: 'SES sending capabilities enumerated',
  description:
    'One principal made three or more SES reconnaissance calls (sending enabled, send quota, identities, verification status) within 10 minutes outside the console: the first steps of SES abuse for spam or phishing.',
  severity: 'low',
  tags: ['attack.discovery', 'attack.t1526'],
  references: [
    'https://docs.aws.amazon.com/ses/latest/APIReference/API_GetSendQuota.html',
    'https://docs.aws.amazon.com/ses/latest/APIReference/API_ListIdentities.html',
    'https://docs.aws.amazon.com/ses/latest/dg/logging-using-cloudtrail.html',
  ],
  eventSource: 'ses.amazonaws.com',
  eventNames: [
    'GetAccountSendingEnabled',
    'GetSendQuota',
    'GetSendStatistics',
    'ListIdentities',
    'ListVerifiedEmailAddresses',
    'GetIdentityVerificationAttributes',
    'GetAccount',
    'ListEmailIdentities',
  ],
  match: (r) => !fromConsole(r) && !madeByAwsService(r),
  dedup: ['recipientAccountId', 'userIdentity.arn'],
  threshold: { count: 3, window: '10m' },
};
