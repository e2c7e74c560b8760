import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** EC2 serial console access enabled: Serial console access was enabled for the account in a region: instances can be reached through their serial port, bypassing security groups and network controls. */
export const rule: RuleDefinition = {
  id: 'ec2-serial-console-access-enabled',
  title: 'EC2 serial console access enabled',
  description:
    'Serial console access was enabled for the account in a region: instances can be reached through their serial port, bypassing security groups and network controls.',
  severity: 'medium',
  tags: ['attack.lateral-movement', 'attack.t1021.008'],
  references: [
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EnableSerialConsoleAccess.html',
    'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-serial-console.html',
  ],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['EnableSerialConsoleAccess'],
  match: (r) => succeeded(r),
};
