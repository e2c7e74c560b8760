import { grantsEverything, params, policyStatements, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Permission set inline policy grants every action: An inline policy allowing Action "*" on Resource "*" was put on an IAM Identity Center permission set: administrator rights without attaching a managed policy. */
export const rule: RuleDefinition = {
  id: 'sso-permission-set-inline-policy-grants-everything',
  title: 'Permission set inline policy grants every action',
  description:
    'An inline policy allowing Action "*" on Resource "*" was put on an IAM Identity Center permission set: administrator rights without attaching a managed policy.',
  severity: 'high',
  tags: ['attack.privilege-escalation', 'attack.t1098.003'],
  references: ['https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_PutInlinePolicyToPermissionSet.html'],
  eventSource: 'sso.amazonaws.com',
  eventNames: ['PutInlinePolicyToPermissionSet'],
  match: (r) => succeeded(r) && policyStatements(params(r).inlinePolicy).some(grantsEverything),
};
