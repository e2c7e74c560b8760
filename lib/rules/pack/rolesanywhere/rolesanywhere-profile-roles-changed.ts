import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** IAM Roles Anywhere profile roles or policies changed: The roles, managed policies or session policy of a Roles Anywhere profile were changed: certificate holders get different (often broader) access. */
export const rule: RuleDefinition = {
  id: 'rolesanywhere-profile-roles-changed',
  title: 'IAM Roles Anywhere profile roles or policies changed',
  description:
    'The roles, managed policies or session policy of a Roles Anywhere profile were changed: certificate holders get different (often broader) access.',
  severity: 'medium',
  tags: ['attack.privilege-escalation', 'attack.t1098.003'],
  references: ['https://docs.aws.amazon.com/rolesanywhere/latest/APIReference/API_UpdateProfile.html'],
  eventSource: 'rolesanywhere.amazonaws.com',
  eventNames: ['UpdateProfile'],
  match: (r) => {
    const p = params(r);
    return (
      succeeded(r) && (p.roleArns !== undefined || p.managedPolicyArns !== undefined || p.sessionPolicy !== undefined)
    );
  },
};
