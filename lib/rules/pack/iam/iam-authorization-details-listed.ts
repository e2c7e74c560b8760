import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Full IAM authorization details listed: GetAccountAuthorizationDetails dumps every user, role, group and policy: the quickest IAM reconnaissance. */
export const rule: RuleDefinition = {
  id: 'iam-authorization-details-listed',
  title: 'Full IAM authorization details listed',
  description:
    'GetAccountAuthorizationDetails dumps every user, role, group and policy: the quickest IAM reconnaissance.',
  severity: 'low',
  tags: ['attack.discovery', 'attack.t1087.004'],
  references: ['https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html'],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['GetAccountAuthorizationDetails'],
  match: (r) => succeeded(r),
};
