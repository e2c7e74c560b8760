import { grantsPublicly, params, policyStatements, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** KMS key policy grants everyone: A key policy allows Principal "*" without a Condition. */
export const rule: RuleDefinition = {
  id: 'kms-key-policy-public',
  title: 'KMS key policy grants everyone',
  description: 'A key policy allows Principal "*" without a Condition.',
  severity: 'critical',
  tags: ['attack.exfiltration', 'attack.t1537'],
  references: ['https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html'],
  eventSource: 'kms.amazonaws.com',
  eventNames: ['PutKeyPolicy'],
  match: (r) => succeeded(r) && policyStatements(params(r).policy).some(grantsPublicly),
};
