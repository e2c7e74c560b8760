import { accountOf, addedPermissions, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** EBS snapshot shared with another account: A snapshot's create-volume permission was granted to a foreign account. */
export const rule: RuleDefinition = {
  id: 'ec2-snapshot-shared-with-other-account',
  title: 'EBS snapshot shared with another account',
  description: "A snapshot's create-volume permission was granted to a foreign account.",
  severity: 'high',
  tags: ['attack.exfiltration', 'attack.t1537'],
  references: ['https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifySnapshotAttribute.html'],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['ModifySnapshotAttribute'],
  match: (r) =>
    succeeded(r) &&
    addedPermissions(params(r).createVolumePermission).some(
      (p) => typeof p.userId === 'string' && p.userId !== accountOf(r)
    ),
};
