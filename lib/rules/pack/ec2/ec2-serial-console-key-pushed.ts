import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** SSH key pushed to an instance serial console: A caller pushed an SSH key for an instance's serial console: out-of-band root console access that bypasses security groups and the network. */
export const rule: RuleDefinition = {
  id: 'ec2-serial-console-key-pushed',
  title: 'SSH key pushed to an instance serial console',
  description:
    "A caller pushed an SSH key for an instance's serial console: out-of-band root console access that bypasses security groups and the network.",
  severity: 'medium',
  tags: ['attack.lateral-movement', 'attack.t1021.008'],
  references: [
    'https://docs.aws.amazon.com/ec2-instance-connect/latest/APIReference/API_SendSerialConsoleSSHPublicKey.html',
    'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/connect-to-serial-console.html',
  ],
  eventSource: 'ec2-instance-connect.amazonaws.com',
  eventNames: ['SendSerialConsoleSSHPublicKey'],
  match: (r) => succeeded(r),
};
