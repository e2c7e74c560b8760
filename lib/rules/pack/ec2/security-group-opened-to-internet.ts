import { accountOf, params, succeeded, worldOpenPermissions } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Security group opened to the internet: An ingress rule was added for 0.0.0.0/0 or ::/0. */
export const rule: RuleDefinition = {
  id: 'security-group-opened-to-internet',
  title: 'Security group opened to the internet',
  description: 'An ingress rule was added for 0.0.0.0/0 or ::/0.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.007'],
  references: [
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupIngress.html',
    'https://attack.mitre.org/techniques/T1562/007/',
  ],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['AuthorizeSecurityGroupIngress'],
  match: (r) => succeeded(r) && worldOpenPermissions(params(r)).length > 0,
  // groupName instead of groupId names a security group of the default VPC
  dedup: (r) => `${accountOf(r)}/${String(params(r).groupId ?? params(r).groupName)}`,
};
