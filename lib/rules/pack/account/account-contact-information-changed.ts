import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Account contact information changed: The account's primary contact (name, address, phone) was changed: AWS uses it to verify ownership in support and recovery cases. */
export const rule: RuleDefinition = {
  id: 'account-contact-information-changed',
  title: 'Account contact information changed',
  description:
    "The account's primary contact (name, address, phone) was changed: AWS uses it to verify ownership in support and recovery cases.",
  severity: 'low',
  tags: ['attack.persistence', 'attack.t1098'],
  references: ['https://docs.aws.amazon.com/accounts/latest/reference/API_PutContactInformation.html'],
  eventSource: 'account.amazonaws.com',
  eventNames: ['PutContactInformation'],
  match: (r) => succeeded(r),
};
