import { denied, params } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Instance user data read refused: A principal tried to read an instance's user data and was refused: user data often holds bootstrap secrets, and probing for it with credentials that do not allow it is the signal. */
export const rule: RuleDefinition = {
  id: 'ec2-user-data-read-denied',
  title: 'Instance user data read refused',
  description:
    "A principal tried to read an instance's user data and was refused: user data often holds bootstrap secrets, and probing for it with credentials that do not allow it is the signal.",
  severity: 'low',
  tags: ['attack.credential-access', 'attack.t1552.005'],
  references: [
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstanceAttribute.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.discovery.ec2-download-user-data/',
  ],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['DescribeInstanceAttribute'],
  match: (r) => denied(r) && params(r).attribute === 'userData',
};
