import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Organization policy type disabled: A policy type was disabled in the organization root, detaching every policy of that type at once; critical for service and resource control policies, whose guardrails vanish from every account. */
export const rule: RuleDefinition = {
  id: 'organizations-policy-type-disabled',
  title: 'Organization policy type disabled',
  description:
    'A policy type was disabled in the organization root, detaching every policy of that type at once; critical for service and resource control policies, whose guardrails vanish from every account.',
  severity: 'medium',
  severityFor: (r) =>
    ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'].includes(String(params(r).policyType))
      ? 'critical'
      : 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562'],
  references: ['https://docs.aws.amazon.com/organizations/latest/APIReference/API_DisablePolicyType.html'],
  eventSource: 'organizations.amazonaws.com',
  eventNames: ['DisablePolicyType'],
  match: (r) => succeeded(r),
};
