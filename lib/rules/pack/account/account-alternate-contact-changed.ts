import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Account alternate contact changed: The billing, operations or security alternate contact of the account was set or removed: AWS security and abuse notices go to whoever is named there. */
export const rule: RuleDefinition = {
  id: 'account-alternate-contact-changed',
  title: 'Account alternate contact changed',
  description:
    'The billing, operations or security alternate contact of the account was set or removed: AWS security and abuse notices go to whoever is named there.',
  severity: 'medium',
  tags: ['attack.persistence', 'attack.t1098'],
  references: [
    'https://docs.aws.amazon.com/accounts/latest/reference/API_PutAlternateContact.html',
    'https://docs.aws.amazon.com/accounts/latest/reference/API_DeleteAlternateContact.html',
  ],
  eventSource: 'account.amazonaws.com',
  eventNames: ['PutAlternateContact', 'DeleteAlternateContact'],
  match: (r) => succeeded(r),
};
