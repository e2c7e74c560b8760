import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Account moved to another organizational unit: An account was moved between organizational units: it leaves the service control policies and settings of its former OU, a quiet way to lift guardrails from one account. */
export const rule: RuleDefinition = {
  id: 'organizations-account-moved',
  title: 'Account moved to another organizational unit',
  description:
    'An account was moved between organizational units: it leaves the service control policies and settings of its former OU, a quiet way to lift guardrails from one account.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1666'],
  references: ['https://docs.aws.amazon.com/organizations/latest/APIReference/API_MoveAccount.html'],
  eventSource: 'organizations.amazonaws.com',
  eventNames: ['MoveAccount'],
  match: (r) => succeeded(r),
};
