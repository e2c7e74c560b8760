import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Security Hub delegated administrator removed: The organization's Security Hub delegated administrator was removed: member accounts are no longer managed or aggregated centrally. */
export const rule: RuleDefinition = {
  id: 'securityhub-organization-admin-disabled',
  title: 'Security Hub delegated administrator removed',
  description:
    "The organization's Security Hub delegated administrator was removed: member accounts are no longer managed or aggregated centrally.",
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: ['https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DisableOrganizationAdminAccount.html'],
  eventSource: 'securityhub.amazonaws.com',
  eventNames: ['DisableOrganizationAdminAccount'],
  match: (r) => succeeded(r),
};
