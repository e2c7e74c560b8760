import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Identity Center group membership added by hand: A user was added to an IAM Identity Center group directly rather than through the identity provider: group membership decides which permission sets, and so which accounts, the user reaches. */
export const rule: RuleDefinition = {
  id: 'identitystore-group-membership-added',
  title: 'Identity Center group membership added by hand',
  description:
    'A user was added to an IAM Identity Center group directly rather than through the identity provider: group membership decides which permission sets, and so which accounts, the user reaches.',
  severity: 'low',
  tags: ['attack.privilege-escalation', 'attack.t1098.003'],
  references: [
    'https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/API_CreateGroupMembership.html',
  ],
  eventSource: ['identitystore.amazonaws.com', 'sso-directory.amazonaws.com'],
  eventNames: ['CreateGroupMembership', 'AddMemberToGroup'],
  match: (r) => succeeded(r),
};
