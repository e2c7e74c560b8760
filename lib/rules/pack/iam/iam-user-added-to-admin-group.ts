import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** User added to an administrators group: A user was added to a group whose name says admin. */
export const rule: RuleDefinition = {
  id: 'iam-user-added-to-admin-group',
  title: 'User added to an administrators group',
  description: 'A user was added to a group whose name says admin.',
  severity: 'high',
  tags: ['attack.privilege-escalation', 'attack.t1098'],
  references: ['https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html'],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['AddUserToGroup'],
  match: (r) => succeeded(r) && /admin/i.test(String(params(r).groupName ?? '')),
};
