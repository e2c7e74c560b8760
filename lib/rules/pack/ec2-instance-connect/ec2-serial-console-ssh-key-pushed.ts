import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** SSH key pushed to an instance serial console: An SSH public key was pushed for an instance's serial console: the holder of the private key gets a console on the instance that no security group or network path controls. */
export const rule: RuleDefinition = {
  id: 'ec2-serial-console-ssh-key-pushed',
  title: 'SSH key pushed to an instance serial console',
  description:
    "An SSH public key was pushed for an instance's serial console: the holder of the private key gets a console on the instance that no security group or network path controls.",
  severity: 'medium',
  tags: ['attack.lateral-movement', 'attack.t1021.008'],
  references: [
    'https://docs.aws.amazon.com/ec2-instance-connect/latest/APIReference/API_SendSerialConsoleSSHPublicKey.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.lateral-movement.ec2-serial-console-send-ssh-public-key/',
  ],
  eventSource: 'ec2-instance-connect.amazonaws.com',
  eventNames: ['SendSerialConsoleSSHPublicKey'],
  match: (r) => succeeded(r),
};
