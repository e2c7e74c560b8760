import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Account removed from the organization: The management account removed a member account from the organization. */
export const rule: RuleDefinition = {
  id: 'organizations-account-removed',
  title: 'Account removed from the organization',
  description: 'The management account removed a member account from the organization.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1666'],
  references: ['https://docs.aws.amazon.com/organizations/latest/APIReference/API_RemoveAccountFromOrganization.html'],
  eventSource: 'organizations.amazonaws.com',
  eventNames: ['RemoveAccountFromOrganization'],
  match: (r) => succeeded(r),
};
