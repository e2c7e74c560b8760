import { otherUserName, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Another user's password changed without forcing a reset: A principal set a new console password on a different IAM user without requiring a change at next sign-in: the caller now knows the password and can sign in as that user. Help-desk resets force a change. */
export const rule: RuleDefinition = {
  id: 'iam-password-changed-for-other-user-without-reset',
  title: "Another user's password changed without forcing a reset",
  description:
    'A principal set a new console password on a different IAM user without requiring a change at next sign-in: the caller now knows the password and can sign in as that user. Help-desk resets force a change.',
  severity: 'high',
  tags: ['attack.privilege-escalation', 'attack.t1098'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateLoginProfile.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.privilege-escalation.iam-update-user-login-profile/',
  ],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['UpdateLoginProfile'],
  match: (r) => succeeded(r) && otherUserName(r) !== undefined && params(r).passwordResetRequired !== true,
};
