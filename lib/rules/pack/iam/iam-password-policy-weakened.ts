import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Account password policy weakened: The password policy was deleted or set below 14 characters or without symbols, numbers or upper/lower case. */
export const rule: RuleDefinition = {
  id: 'iam-password-policy-weakened',
  title: 'Account password policy weakened',
  description:
    'The password policy was deleted or set below 14 characters or without symbols, numbers or upper/lower case.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1556'],
  references: ['https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html'],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['UpdateAccountPasswordPolicy', 'DeleteAccountPasswordPolicy'],
  match: (r) =>
    succeeded(r) &&
    (r.eventName === 'DeleteAccountPasswordPolicy' ||
      Number(params(r).minimumPasswordLength ?? 8) < 14 ||
      ['requireSymbols', 'requireNumbers', 'requireUppercaseCharacters', 'requireLowercaseCharacters'].some(
        (k) => params(r)[k] === false
      )),
};
