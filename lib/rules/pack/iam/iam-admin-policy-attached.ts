import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Administrator policy attached: AdministratorAccess, IAMFullAccess or PowerUserAccess was attached to a user, group or role. */
export const rule: RuleDefinition = {
  id: 'iam-admin-policy-attached',
  title: 'Administrator policy attached',
  description: 'AdministratorAccess, IAMFullAccess or PowerUserAccess was attached to a user, group or role.',
  severity: 'high',
  tags: ['attack.privilege-escalation', 'attack.t1098.003'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachUserPolicy.html',
    'https://attack.mitre.org/techniques/T1098/003/',
  ],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy'],
  match: (r) =>
    succeeded(r) &&
    // IAM Identity Center provisions a permission set by attaching its policies to the
    // AWSReservedSSO_ role it manages.
    !(r.userIdentity?.invokedBy === 'sso.amazonaws.com' && String(params(r).roleName).startsWith('AWSReservedSSO_')) &&
    /^arn:aws[a-z-]*:iam::aws:policy\/(AdministratorAccess|IAMFullAccess|PowerUserAccess)$/.test(
      String(params(r).policyArn)
    ),
};
