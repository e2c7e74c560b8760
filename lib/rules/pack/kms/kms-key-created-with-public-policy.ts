import { grantsPublicly, params, policyStatements, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** KMS key created with a policy open to everyone: A new KMS key was created with a key policy that allows Principal "*" without a Condition. */
export const rule: RuleDefinition = {
  id: 'kms-key-created-with-public-policy',
  title: 'KMS key created with a policy open to everyone',
  description: 'A new KMS key was created with a key policy that allows Principal "*" without a Condition.',
  severity: 'high',
  tags: ['attack.exfiltration', 'attack.t1537'],
  references: [
    'https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html',
    'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html',
  ],
  eventSource: 'kms.amazonaws.com',
  eventNames: ['CreateKey'],
  match: (r) => succeeded(r) && policyStatements(params(r).policy).some(grantsPublicly),
};
