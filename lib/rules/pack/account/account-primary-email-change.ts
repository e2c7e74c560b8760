import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Account root email address change: A change of the account's primary (root) email address was started or accepted: whoever owns the new address controls root password recovery, which amounts to owning the account. */
export const rule: RuleDefinition = {
  id: 'account-primary-email-change',
  title: 'Account root email address change',
  description:
    "A change of the account's primary (root) email address was started or accepted: whoever owns the new address controls root password recovery, which amounts to owning the account.",
  severity: 'high',
  tags: ['attack.persistence', 'attack.t1098'],
  references: [
    'https://docs.aws.amazon.com/accounts/latest/reference/API_StartPrimaryEmailUpdate.html',
    'https://docs.aws.amazon.com/accounts/latest/reference/API_AcceptPrimaryEmailUpdate.html',
  ],
  eventSource: 'account.amazonaws.com',
  eventNames: ['StartPrimaryEmailUpdate', 'AcceptPrimaryEmailUpdate'],
  match: (r) => succeeded(r),
};
