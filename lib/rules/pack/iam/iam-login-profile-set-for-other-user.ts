import { otherUserName, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Console password set for another user: A principal created or changed the console password of a different IAM user, gaining console access as them. */
export const rule: RuleDefinition = {
  id: 'iam-login-profile-set-for-other-user',
  title: 'Console password set for another user',
  description:
    'A principal created or changed the console password of a different IAM user, gaining console access as them.',
  severity: 'high',
  tags: ['attack.persistence', 'attack.t1098'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateLoginProfile.html',
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateLoginProfile.html',
  ],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['CreateLoginProfile', 'UpdateLoginProfile'],
  match: (r) => succeeded(r) && otherUserName(r) !== undefined,
};
