import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Account access assigned directly to an Identity Center user: An IAM Identity Center user (not a group) was given a permission set in an account. Access is normally granted through groups synced from the identity provider; a direct user assignment bypasses that review. */
export const rule: RuleDefinition = {
  id: 'sso-account-assignment-to-user',
  title: 'Account access assigned directly to an Identity Center user',
  description:
    'An IAM Identity Center user (not a group) was given a permission set in an account. Access is normally granted through groups synced from the identity provider; a direct user assignment bypasses that review.',
  severity: 'medium',
  tags: ['attack.persistence', 'attack.t1098.003'],
  references: [
    'https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_CreateAccountAssignment.html',
    'https://docs.aws.amazon.com/singlesignon/latest/userguide/useraccess.html',
  ],
  eventSource: 'sso.amazonaws.com',
  eventNames: ['CreateAccountAssignment'],
  match: (r) => succeeded(r) && params(r).principalType === 'USER',
};
