import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Administrator policy attached to a permission set: AdministratorAccess, IAMFullAccess or PowerUserAccess was attached to an IAM Identity Center permission set: everyone assigned to it gets those rights in every account it is provisioned to. */
export const rule: RuleDefinition = {
  id: 'sso-permission-set-admin-policy-attached',
  title: 'Administrator policy attached to a permission set',
  description:
    'AdministratorAccess, IAMFullAccess or PowerUserAccess was attached to an IAM Identity Center permission set: everyone assigned to it gets those rights in every account it is provisioned to.',
  severity: 'high',
  tags: ['attack.privilege-escalation', 'attack.t1098.003'],
  references: [
    'https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_AttachManagedPolicyToPermissionSet.html',
  ],
  eventSource: 'sso.amazonaws.com',
  eventNames: ['AttachManagedPolicyToPermissionSet'],
  match: (r) =>
    succeeded(r) &&
    /^arn:aws[a-z-]*:iam::aws:policy\/(AdministratorAccess|IAMFullAccess|PowerUserAccess)$/.test(
      String(params(r).managedPolicyArn)
    ),
};
