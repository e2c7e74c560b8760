import { denied } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Windows administrator password read refused: A principal tried to read the encrypted administrator password of a Windows instance and was refused: someone hunting RDP passwords with credentials that do not allow it. The attempt itself is the signal. */
export const rule: RuleDefinition = {
  id: 'ec2-windows-password-read-denied',
  title: 'Windows administrator password read refused',
  description:
    'A principal tried to read the encrypted administrator password of a Windows instance and was refused: someone hunting RDP passwords with credentials that do not allow it. The attempt itself is the signal.',
  severity: 'medium',
  tags: ['attack.credential-access', 'attack.t1552'],
  references: [
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetPasswordData.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.credential-access.ec2-get-password-data/',
  ],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['GetPasswordData'],
  match: (r) => denied(r),
};
