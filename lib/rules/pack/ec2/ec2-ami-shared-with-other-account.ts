import { accountOf, addedPermissions, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** AMI shared with another account: An AMI's launch permission was granted to a foreign account. */
export const rule: RuleDefinition = {
  id: 'ec2-ami-shared-with-other-account',
  title: 'AMI shared with another account',
  description: "An AMI's launch permission was granted to a foreign account.",
  severity: 'high',
  tags: ['attack.exfiltration', 'attack.t1537'],
  references: ['https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyImageAttribute.html'],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['ModifyImageAttribute'],
  match: (r) =>
    succeeded(r) &&
    addedPermissions(params(r).launchPermission).some((p) => typeof p.userId === 'string' && p.userId !== accountOf(r)),
};
