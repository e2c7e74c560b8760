import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** SSH keys pushed to many instances with EC2 Instance Connect: One principal pushed EC2 Instance Connect SSH keys five or more times within 10 minutes: access being spread across a fleet. */
export const rule: RuleDefinition = {
  id: 'ec2-instance-connect-keys-pushed-to-many-instances',
  title: 'SSH keys pushed to many instances with EC2 Instance Connect',
  description:
    'One principal pushed EC2 Instance Connect SSH keys five or more times within 10 minutes: access being spread across a fleet.',
  severity: 'medium',
  tags: ['attack.lateral-movement', 'attack.t1021.008', 'attack.persistence', 'attack.t1098.004'],
  references: [
    'https://docs.aws.amazon.com/ec2-instance-connect/latest/APIReference/API_SendSSHPublicKey.html',
    'https://unit42.paloaltonetworks.com/cloud-lateral-movement-techniques/',
  ],
  eventSource: 'ec2-instance-connect.amazonaws.com',
  eventNames: ['SendSSHPublicKey'],
  match: (r) => succeeded(r),
  dedup: ['recipientAccountId', 'userIdentity.arn'],
  threshold: { count: 5, window: '10m' },
};
