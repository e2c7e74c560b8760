import { addedPermissions, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** EBS snapshot made public: A snapshot's create-volume permission was granted to group "all": anyone can copy the disk. */
export const rule: RuleDefinition = {
  id: 'ec2-snapshot-made-public',
  title: 'EBS snapshot made public',
  description: 'A snapshot\'s create-volume permission was granted to group "all": anyone can copy the disk.',
  severity: 'critical',
  tags: ['attack.exfiltration', 'attack.t1537'],
  references: [
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifySnapshotAttribute.html',
    'https://attack.mitre.org/techniques/T1537/',
  ],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['ModifySnapshotAttribute'],
  match: (r) => succeeded(r) && addedPermissions(params(r).createVolumePermission).some((p) => p.group === 'all'),
};
