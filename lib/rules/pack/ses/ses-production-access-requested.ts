import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** SES production access requested: Account details were submitted to move SES out of the sandbox, which lifts the verified-recipient limit: abusers do this to mail arbitrary recipients. */
export const rule: RuleDefinition = {
  id: 'ses-production-access-requested',
  title: 'SES production access requested',
  description:
    'Account details were submitted to move SES out of the sandbox, which lifts the verified-recipient limit: abusers do this to mail arbitrary recipients.',
  severity: 'medium',
  tags: ['attack.impact', 'attack.t1496.004'],
  references: [
    'https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_PutAccountDetails.html',
    'https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html',
  ],
  eventSource: 'ses.amazonaws.com',
  eventNames: ['PutAccountDetails'],
  match: (r) => succeeded(r) && params(r).productionAccessEnabled !== false,
};
