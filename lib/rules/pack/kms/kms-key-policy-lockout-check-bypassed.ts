import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** KMS key policy set with the lockout safety check bypassed: A key policy was set with BypassPolicyLockoutSafetyCheck: a policy that locks the account's own administrators out of the key is accepted, and only AWS Support can undo it. */
export const rule: RuleDefinition = {
  id: 'kms-key-policy-lockout-check-bypassed',
  title: 'KMS key policy set with the lockout safety check bypassed',
  description:
    "A key policy was set with BypassPolicyLockoutSafetyCheck: a policy that locks the account's own administrators out of the key is accepted, and only AWS Support can undo it.",
  severity: 'high',
  tags: ['attack.impact', 'attack.t1531'],
  references: [
    'https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html',
    'https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-bypass-policy-lockout-safety-check',
  ],
  eventSource: 'kms.amazonaws.com',
  eventNames: ['PutKeyPolicy', 'CreateKey'],
  match: (r) => succeeded(r) && params(r).bypassPolicyLockoutSafetyCheck === true,
};
