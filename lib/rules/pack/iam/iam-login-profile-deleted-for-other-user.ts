import { otherUserName, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Console password removed from another user: A principal deleted the console password of a different IAM user: the owner can no longer sign in, which locks responders out or clears the way for a new password. */
export const rule: RuleDefinition = {
  id: 'iam-login-profile-deleted-for-other-user',
  title: 'Console password removed from another user',
  description:
    'A principal deleted the console password of a different IAM user: the owner can no longer sign in, which locks responders out or clears the way for a new password.',
  severity: 'medium',
  tags: ['attack.impact', 'attack.t1531'],
  references: ['https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteLoginProfile.html'],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['DeleteLoginProfile'],
  match: (r) => succeeded(r) && otherUserName(r) !== undefined,
};
