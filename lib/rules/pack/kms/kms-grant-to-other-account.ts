import { isForeignAccount, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** KMS grant given to a principal of another account: A grant lets a principal of another account use a key of this account (decrypt, generate data keys) without any change to the key policy. */
export const rule: RuleDefinition = {
  id: 'kms-grant-to-other-account',
  title: 'KMS grant given to a principal of another account',
  description:
    'A grant lets a principal of another account use a key of this account (decrypt, generate data keys) without any change to the key policy.',
  severity: 'high',
  tags: ['attack.persistence', 'attack.t1098', 'attack.exfiltration', 'attack.t1537'],
  references: [
    'https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html',
    'https://docs.aws.amazon.com/kms/latest/developerguide/grants.html',
  ],
  eventSource: 'kms.amazonaws.com',
  eventNames: ['CreateGrant'],
  match: (r) => succeeded(r) && isForeignAccount(r, params(r).granteePrincipal),
};
