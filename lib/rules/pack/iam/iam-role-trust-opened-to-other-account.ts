import { accountOf, params, policyStatements, principalAccounts, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Role trust policy lets another account assume it: A role was created or its trust policy updated to let a principal of a foreign account assume it. */
export const rule: RuleDefinition = {
  id: 'iam-role-trust-opened-to-other-account',
  title: 'Role trust policy lets another account assume it',
  description: 'A role was created or its trust policy updated to let a principal of a foreign account assume it.',
  severity: 'high',
  tags: ['attack.persistence', 'attack.t1098'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html',
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html',
  ],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['UpdateAssumeRolePolicy', 'CreateRole'],
  match: (r) =>
    succeeded(r) &&
    policyStatements(params(r).policyDocument ?? params(r).assumeRolePolicyDocument).some(
      (s) => s.Effect === 'Allow' && principalAccounts(s).some((account) => account !== accountOf(r))
    ),
};
