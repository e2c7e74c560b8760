import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Mass deletion of EBS snapshots: One principal deleted 10 or more snapshots within 10 minutes: backups destroyed before or during an attack. */
export const rule: RuleDefinition = {
  id: 'ec2-snapshot-mass-deletion',
  title: 'Mass deletion of EBS snapshots',
  description:
    'One principal deleted 10 or more snapshots within 10 minutes: backups destroyed before or during an attack.',
  severity: 'high',
  tags: ['attack.impact', 'attack.t1490'],
  references: ['https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSnapshot.html'],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['DeleteSnapshot'],
  match: (r) => succeeded(r),
  dedup: ['recipientAccountId', 'userIdentity.arn'],
  threshold: { count: 10, window: '10m' },
};
