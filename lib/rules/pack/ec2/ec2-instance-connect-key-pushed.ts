import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** SSH key pushed to an instance with EC2 Instance Connect: A caller pushed a one-time SSH public key to an instance with EC2 Instance Connect: whoever holds the private key can log in as the named OS user for 60 seconds. */
export const rule: RuleDefinition = {
  id: 'ec2-instance-connect-key-pushed',
  title: 'SSH key pushed to an instance with EC2 Instance Connect',
  description:
    'A caller pushed a one-time SSH public key to an instance with EC2 Instance Connect: whoever holds the private key can log in as the named OS user for 60 seconds.',
  severity: 'low',
  tags: ['attack.lateral-movement', 'attack.t1021.008', 'attack.persistence', 'attack.t1098.004'],
  references: [
    'https://docs.aws.amazon.com/ec2-instance-connect/latest/APIReference/API_SendSSHPublicKey.html',
    'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-connect-methods.html',
  ],
  eventSource: 'ec2-instance-connect.amazonaws.com',
  eventNames: ['SendSSHPublicKey'],
  match: (r) => succeeded(r),
};
