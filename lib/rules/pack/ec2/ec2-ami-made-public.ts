import { addedPermissions, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** AMI made public: An AMI's launch permission was granted to group "all": anyone can launch it and read its disks. */
export const rule: RuleDefinition = {
  id: 'ec2-ami-made-public',
  title: 'AMI made public',
  description: 'An AMI\'s launch permission was granted to group "all": anyone can launch it and read its disks.',
  severity: 'critical',
  tags: ['attack.exfiltration', 'attack.t1537'],
  references: ['https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyImageAttribute.html'],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['ModifyImageAttribute'],
  match: (r) => succeeded(r) && addedPermissions(params(r).launchPermission).some((p) => p.group === 'all'),
};
