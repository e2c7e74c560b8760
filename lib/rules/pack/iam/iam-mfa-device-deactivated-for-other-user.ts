import { otherUserName, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** MFA device deactivated for another user: A principal deactivated the MFA device of a different IAM user: that user's password alone now opens the console, the usual step before taking the account over. */
export const rule: RuleDefinition = {
  id: 'iam-mfa-device-deactivated-for-other-user',
  title: 'MFA device deactivated for another user',
  description:
    "A principal deactivated the MFA device of a different IAM user: that user's password alone now opens the console, the usual step before taking the account over.",
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1556.006'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeactivateMFADevice.html',
    'https://attack.mitre.org/techniques/T1556/006/',
  ],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['DeactivateMFADevice'],
  match: (r) => succeeded(r) && otherUserName(r) !== undefined,
};
