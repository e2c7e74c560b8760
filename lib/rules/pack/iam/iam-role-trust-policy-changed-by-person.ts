import { byPerson, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Role trust policy changed by a person: A person (IAM user, root, federated or Identity Center user, or a console session) rewrote who may assume a role. Trust policies normally change through infrastructure code; a hand edit is how a backdoor principal is added to an existing role. */
export const rule: RuleDefinition = {
  id: 'iam-role-trust-policy-changed-by-person',
  title: 'Role trust policy changed by a person',
  description:
    'A person (IAM user, root, federated or Identity Center user, or a console session) rewrote who may assume a role. Trust policies normally change through infrastructure code; a hand edit is how a backdoor principal is added to an existing role.',
  severity: 'medium',
  tags: ['attack.persistence', 'attack.t1098'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/roles-managingrole-editing-console.html#roles-managingrole_edit-trust-policy',
  ],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['UpdateAssumeRolePolicy'],
  match: (r) => succeeded(r) && byPerson(r),
};
