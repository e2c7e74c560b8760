import { params } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** EC2 user data read from many instances: One principal asked for the user data of instances five or more times within 10 minutes (allowed or not): a sweep for secrets in bootstrap scripts. */
export const rule: RuleDefinition = {
  id: 'ec2-user-data-read-in-bulk',
  title: 'EC2 user data read from many instances',
  description:
    'One principal asked for the user data of instances five or more times within 10 minutes (allowed or not): a sweep for secrets in bootstrap scripts.',
  severity: 'medium',
  tags: [
    'attack.credential-access',
    'attack.t1552.005',
    'attack.discovery',
    'attack.t1580',
    'attack.collection',
    'attack.t1119',
  ],
  references: [
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstanceAttribute.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.discovery.ec2-download-user-data/',
  ],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['DescribeInstanceAttribute'],
  match: (r) => params(r).attribute === 'userData',
  dedup: ['recipientAccountId', 'userIdentity.arn'],
  threshold: { count: 5, window: '10m' },
};
