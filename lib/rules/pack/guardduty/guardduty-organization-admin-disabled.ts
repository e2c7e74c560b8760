import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** GuardDuty delegated administrator removed: The organization's GuardDuty delegated administrator was removed: member accounts lose central management and new accounts are no longer enrolled. */
export const rule: RuleDefinition = {
  id: 'guardduty-organization-admin-disabled',
  title: 'GuardDuty delegated administrator removed',
  description:
    "The organization's GuardDuty delegated administrator was removed: member accounts lose central management and new accounts are no longer enrolled.",
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: ['https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DisableOrganizationAdminAccount.html'],
  eventSource: 'guardduty.amazonaws.com',
  eventNames: ['DisableOrganizationAdminAccount'],
  match: (r) => succeeded(r),
};
