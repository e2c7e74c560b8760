import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Delegated administrator registered: A member account was made delegated administrator of an AWS service for the whole organization: it can now manage that service (Identity Center, GuardDuty, CloudFormation StackSets…) in every account. */
export const rule: RuleDefinition = {
  id: 'organizations-delegated-admin-registered',
  title: 'Delegated administrator registered',
  description:
    'A member account was made delegated administrator of an AWS service for the whole organization: it can now manage that service (Identity Center, GuardDuty, CloudFormation StackSets…) in every account.',
  severity: 'medium',
  tags: ['attack.privilege-escalation', 'attack.t1098'],
  references: [
    'https://docs.aws.amazon.com/organizations/latest/APIReference/API_RegisterDelegatedAdministrator.html',
    'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services_list.html',
  ],
  eventSource: 'organizations.amazonaws.com',
  eventNames: ['RegisterDelegatedAdministrator'],
  match: (r) => succeeded(r),
};
