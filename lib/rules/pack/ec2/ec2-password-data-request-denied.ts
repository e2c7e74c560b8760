import { accessDenied } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** EC2 Windows password retrieval denied: A caller without permission asked for an instance's encrypted Windows administrator password: a credential hunt with a key that cannot read it (successful reads are ec2-windows-password-retrieved). */
export const rule: RuleDefinition = {
  id: 'ec2-password-data-request-denied',
  title: 'EC2 Windows password retrieval denied',
  description:
    "A caller without permission asked for an instance's encrypted Windows administrator password: a credential hunt with a key that cannot read it (successful reads are ec2-windows-password-retrieved).",
  severity: 'low',
  tags: ['attack.credential-access', 'attack.t1552'],
  references: [
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetPasswordData.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.credential-access.ec2-get-password-data/',
  ],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['GetPasswordData'],
  match: (r) => accessDenied(r),
};
