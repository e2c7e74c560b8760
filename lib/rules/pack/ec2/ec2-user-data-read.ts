import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** EC2 instance user data read: An instance's user data was read through the API; user data often holds secrets. */
export const rule: RuleDefinition = {
  id: 'ec2-user-data-read',
  title: 'EC2 instance user data read',
  description: "An instance's user data was read through the API; user data often holds secrets.",
  severity: 'medium',
  tags: ['attack.credential-access', 'attack.t1552.005'],
  references: [
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstanceAttribute.html',
    'https://attack.mitre.org/techniques/T1552/005/',
  ],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['DescribeInstanceAttribute'],
  match: (r) => succeeded(r) && params(r).attribute === 'userData',
};
