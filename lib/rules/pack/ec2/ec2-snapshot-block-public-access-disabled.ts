import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** EBS snapshot block public access disabled: Block public access for EBS snapshots was turned off in a region: snapshots can be made public again. */
export const rule: RuleDefinition = {
  id: 'ec2-snapshot-block-public-access-disabled',
  title: 'EBS snapshot block public access disabled',
  description: 'Block public access for EBS snapshots was turned off in a region: snapshots can be made public again.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.001', 'attack.exfiltration', 'attack.t1537'],
  references: [
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DisableSnapshotBlockPublicAccess.html',
    'https://docs.aws.amazon.com/ebs/latest/userguide/block-public-access-snapshots.html',
  ],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['DisableSnapshotBlockPublicAccess'],
  match: (r) => succeeded(r),
};
