import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Delegated administrator removed: An account stopped being delegated administrator of an AWS service: if it is the security tooling account, GuardDuty, Security Hub or Config lose their organization-wide view. */
export const rule: RuleDefinition = {
  id: 'organizations-delegated-admin-deregistered',
  title: 'Delegated administrator removed',
  description:
    'An account stopped being delegated administrator of an AWS service: if it is the security tooling account, GuardDuty, Security Hub or Config lose their organization-wide view.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: [
    'https://docs.aws.amazon.com/organizations/latest/APIReference/API_DeregisterDelegatedAdministrator.html',
  ],
  eventSource: 'organizations.amazonaws.com',
  eventNames: ['DeregisterDelegatedAdministrator'],
  match: (r) => succeeded(r),
};
