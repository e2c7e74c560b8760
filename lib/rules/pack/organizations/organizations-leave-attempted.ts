import type { RuleDefinition } from '../../types.js';

/** Attempt to leave the organization refused: A principal tried to take the account out of its AWS Organization and the call failed. Leaving would shed SCPs, the organization trail and delegated security services; the attempt itself is the signal. */
export const rule: RuleDefinition = {
  id: 'organizations-leave-attempted',
  title: 'Attempt to leave the organization refused',
  description:
    'A principal tried to take the account out of its AWS Organization and the call failed. Leaving would shed SCPs, the organization trail and delegated security services; the attempt itself is the signal.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1666'],
  references: [
    'https://docs.aws.amazon.com/organizations/latest/APIReference/API_LeaveOrganization.html',
    'https://attack.mitre.org/techniques/T1666/',
  ],
  eventSource: 'organizations.amazonaws.com',
  eventNames: ['LeaveOrganization'],
  match: (r) => r.errorCode !== undefined,
};
