import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Account left the organization: The account left its AWS Organization: SCPs, organization trails and delegated security services no longer cover it. */
export const rule: RuleDefinition = {
  id: 'organizations-account-left',
  title: 'Account left the organization',
  description:
    'The account left its AWS Organization: SCPs, organization trails and delegated security services no longer cover it.',
  severity: 'critical',
  tags: ['attack.defense-evasion', 'attack.t1666'],
  references: [
    'https://docs.aws.amazon.com/organizations/latest/APIReference/API_LeaveOrganization.html',
    'https://attack.mitre.org/techniques/T1666/',
  ],
  eventSource: 'organizations.amazonaws.com',
  eventNames: ['LeaveOrganization'],
  match: (r) => succeeded(r),
};
