import { madeByAwsService, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** SES sender identity added: A new email address or domain was submitted for SES verification: once verified, mail can be sent from it through the account. */
export const rule: RuleDefinition = {
  id: 'ses-identity-verification-started',
  title: 'SES sender identity added',
  description:
    'A new email address or domain was submitted for SES verification: once verified, mail can be sent from it through the account.',
  severity: 'low',
  tags: ['attack.impact', 'attack.t1496.004', 'attack.initial-access', 'attack.t1566'],
  references: [
    'https://docs.aws.amazon.com/ses/latest/APIReference/API_VerifyEmailIdentity.html',
    'https://docs.aws.amazon.com/ses/latest/APIReference/API_VerifyDomainIdentity.html',
    'https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_CreateEmailIdentity.html',
  ],
  eventSource: 'ses.amazonaws.com',
  eventNames: [
    'VerifyEmailIdentity',
    'VerifyEmailAddress',
    'VerifyDomainIdentity',
    'VerifyDomainDkim',
    'CreateEmailIdentity',
  ],
  match: (r) => succeeded(r) && !madeByAwsService(r),
};
