import { otherUserName, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** MFA device registered for another user: A principal enabled an MFA device on a different IAM user: the attacker's authenticator now guards that user's console sign-in, and the owner is locked out. */
export const rule: RuleDefinition = {
  id: 'iam-mfa-device-enabled-for-other-user',
  title: 'MFA device registered for another user',
  description:
    "A principal enabled an MFA device on a different IAM user: the attacker's authenticator now guards that user's console sign-in, and the owner is locked out.",
  severity: 'high',
  tags: ['attack.persistence', 'attack.t1556.006'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableMFADevice.html',
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateVirtualMFADevice.html',
  ],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['EnableMFADevice'],
  match: (r) => succeeded(r) && otherUserName(r) !== undefined,
};
