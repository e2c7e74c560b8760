import { accountOf, params, policyStatements, principalAccounts, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** KMS key policy grants another account: A key policy (set on an existing key or on a new one) allows principals of another account: that account can use the key, e.g. to decrypt shared snapshots or data. */
export const rule: RuleDefinition = {
  id: 'kms-key-policy-grants-other-account',
  title: 'KMS key policy grants another account',
  description:
    'A key policy (set on an existing key or on a new one) allows principals of another account: that account can use the key, e.g. to decrypt shared snapshots or data.',
  severity: 'high',
  tags: ['attack.exfiltration', 'attack.t1537', 'attack.persistence', 'attack.t1098'],
  references: [
    'https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html',
    'https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html',
    'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html',
  ],
  eventSource: 'kms.amazonaws.com',
  eventNames: ['PutKeyPolicy', 'CreateKey'],
  match: (r) =>
    succeeded(r) &&
    policyStatements(params(r).policy).some(
      (s) => s.Effect === 'Allow' && principalAccounts(s).some((a) => a !== accountOf(r))
    ),
};
