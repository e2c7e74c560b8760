import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Mass termination of EC2 instances: One principal made 10 or more TerminateInstances calls within 10 minutes. */
export const rule: RuleDefinition = {
  id: 'ec2-mass-instance-termination',
  title: 'Mass termination of EC2 instances',
  description: 'One principal made 10 or more TerminateInstances calls within 10 minutes.',
  severity: 'high',
  tags: ['attack.impact', 'attack.t1485'],
  references: ['https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TerminateInstances.html'],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['TerminateInstances'],
  match: (r) => succeeded(r),
  dedup: ['recipientAccountId', 'userIdentity.arn'],
  threshold: { count: 10, window: '10m' },
};
