import { grantsEverything, params, policyStatements, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Inline policy grants every action on every resource: An inline user, role or group policy allows Action "*" on Resource "*": administrator rights without a managed policy. */
export const rule: RuleDefinition = {
  id: 'iam-inline-policy-grants-everything',
  title: 'Inline policy grants every action on every resource',
  description:
    'An inline user, role or group policy allows Action "*" on Resource "*": administrator rights without a managed policy.',
  severity: 'high',
  tags: ['attack.privilege-escalation', 'attack.t1098.003'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html',
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html',
  ],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy'],
  match: (r) => succeeded(r) && policyStatements(params(r).policyDocument).some(grantsEverything),
};
