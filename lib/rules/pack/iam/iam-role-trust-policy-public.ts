import { grantsPublicly, params, policyStatements, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Role trust policy lets anyone assume it: A role trust policy allows Principal "*" without a Condition: any AWS principal anywhere can assume the role. */
export const rule: RuleDefinition = {
  id: 'iam-role-trust-policy-public',
  title: 'Role trust policy lets anyone assume it',
  description:
    'A role trust policy allows Principal "*" without a Condition: any AWS principal anywhere can assume the role.',
  severity: 'critical',
  tags: ['attack.persistence', 'attack.t1098'],
  references: ['https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html'],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['UpdateAssumeRolePolicy', 'CreateRole'],
  match: (r) =>
    succeeded(r) &&
    policyStatements(params(r).policyDocument ?? params(r).assumeRolePolicyDocument).some(grantsPublicly),
};
