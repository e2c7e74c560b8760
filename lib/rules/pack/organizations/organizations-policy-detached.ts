import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Organization policy detached: A service control, resource control, tag or backup policy was detached from the root, an organizational unit or an account: the guardrails it enforced no longer apply there. */
export const rule: RuleDefinition = {
  id: 'organizations-policy-detached',
  title: 'Organization policy detached',
  description:
    'A service control, resource control, tag or backup policy was detached from the root, an organizational unit or an account: the guardrails it enforced no longer apply there.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562'],
  references: [
    'https://docs.aws.amazon.com/organizations/latest/APIReference/API_DetachPolicy.html',
    'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html',
  ],
  eventSource: 'organizations.amazonaws.com',
  eventNames: ['DetachPolicy'],
  match: (r) => succeeded(r),
};
