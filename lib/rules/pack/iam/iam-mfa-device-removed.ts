import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** MFA device deactivated or deleted: An MFA device was deactivated or a virtual MFA device deleted, weakening sign-in for that user. */
export const rule: RuleDefinition = {
  id: 'iam-mfa-device-removed',
  title: 'MFA device deactivated or deleted',
  description: 'An MFA device was deactivated or a virtual MFA device deleted, weakening sign-in for that user.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1556.006'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeactivateMFADevice.html',
    'https://attack.mitre.org/techniques/T1556/006/',
  ],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['DeactivateMFADevice', 'DeleteVirtualMFADevice'],
  match: (r) => succeeded(r),
};
