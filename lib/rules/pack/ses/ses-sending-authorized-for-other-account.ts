import { accountOf, grantsPublicly, params, policyStatements, principalAccounts, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** SES identity authorized for another account: A sending authorization policy on an SES identity allows another account (or everyone) to send mail as that address or domain. */
export const rule: RuleDefinition = {
  id: 'ses-sending-authorized-for-other-account',
  title: 'SES identity authorized for another account',
  description:
    'A sending authorization policy on an SES identity allows another account (or everyone) to send mail as that address or domain.',
  severity: 'high',
  tags: ['attack.persistence', 'attack.t1098', 'attack.impact', 'attack.t1496.004'],
  references: [
    'https://docs.aws.amazon.com/ses/latest/APIReference/API_PutIdentityPolicy.html',
    'https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_CreateEmailIdentityPolicy.html',
    'https://docs.aws.amazon.com/ses/latest/dg/sending-authorization.html',
  ],
  eventSource: 'ses.amazonaws.com',
  eventNames: ['PutIdentityPolicy', 'CreateEmailIdentityPolicy', 'UpdateEmailIdentityPolicy'],
  match: (r) =>
    succeeded(r) &&
    policyStatements(params(r).policy).some(
      (s) => s.Effect === 'Allow' && (grantsPublicly(s) || principalAccounts(s).some((a) => a !== accountOf(r)))
    ),
};
