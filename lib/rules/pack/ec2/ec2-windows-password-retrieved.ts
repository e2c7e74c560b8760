import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** EC2 Windows administrator password retrieved: GetPasswordData returned the encrypted Windows administrator password of an instance. */
export const rule: RuleDefinition = {
  id: 'ec2-windows-password-retrieved',
  title: 'EC2 Windows administrator password retrieved',
  description: 'GetPasswordData returned the encrypted Windows administrator password of an instance.',
  severity: 'medium',
  tags: ['attack.credential-access', 'attack.t1552'],
  references: ['https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetPasswordData.html'],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['GetPasswordData'],
  match: (r) => succeeded(r),
};
