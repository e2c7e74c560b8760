import { fromConsole, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** SSH key pushed to an instance through EC2 Instance Connect by API: An SSH public key was pushed to an instance with EC2 Instance Connect from outside the console: for 60 seconds the holder of the private key can log in as the named OS user. */
export const rule: RuleDefinition = {
  id: 'ec2-instance-connect-ssh-key-pushed',
  title: 'SSH key pushed to an instance through EC2 Instance Connect by API',
  description:
    'An SSH public key was pushed to an instance with EC2 Instance Connect from outside the console: for 60 seconds the holder of the private key can log in as the named OS user.',
  severity: 'low',
  tags: ['attack.lateral-movement', 'attack.t1021.008'],
  references: [
    'https://docs.aws.amazon.com/ec2-instance-connect/latest/APIReference/API_SendSSHPublicKey.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.lateral-movement.ec2-instance-connect/',
  ],
  eventSource: 'ec2-instance-connect.amazonaws.com',
  eventNames: ['SendSSHPublicKey'],
  match: (r) => succeeded(r) && !fromConsole(r),
};
