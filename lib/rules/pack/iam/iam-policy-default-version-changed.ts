import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Managed policy default version changed: A customer managed policy got a new default version (SetDefaultPolicyVersion, or CreatePolicyVersion with setAsDefault): a known privilege-escalation path. */
export const rule: RuleDefinition = {
  id: 'iam-policy-default-version-changed',
  title: 'Managed policy default version changed',
  description:
    'A customer managed policy got a new default version (SetDefaultPolicyVersion, or CreatePolicyVersion with setAsDefault): a known privilege-escalation path.',
  severity: 'medium',
  tags: ['attack.privilege-escalation', 'attack.t1098'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_SetDefaultPolicyVersion.html',
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html',
  ],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['SetDefaultPolicyVersion', 'CreatePolicyVersion'],
  match: (r) => succeeded(r) && (r.eventName === 'SetDefaultPolicyVersion' || params(r).setAsDefault === true),
};
