import { succeeded, viaAwsService } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Permissions boundary removed: The permissions boundary of a user or role was deleted: the ceiling on its permissions is gone, and policies it already has take full effect. */
export const rule: RuleDefinition = {
  id: 'iam-permissions-boundary-removed',
  title: 'Permissions boundary removed',
  description:
    'The permissions boundary of a user or role was deleted: the ceiling on its permissions is gone, and policies it already has take full effect.',
  severity: 'high',
  tags: ['attack.privilege-escalation', 'attack.t1098'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUserPermissionsBoundary.html',
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRolePermissionsBoundary.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html',
  ],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['DeleteUserPermissionsBoundary', 'DeleteRolePermissionsBoundary'],
  match: (r) => succeeded(r) && !viaAwsService(r),
};
