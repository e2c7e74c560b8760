import { params, succeeded, worldOpenPermissions } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Security group opened to the internet: An ingress rule was added for 0.0.0.0/0 or ::/0. */
export const rule: RuleDefinition = {
  id: 'security-group-opened-to-internet',
  title: 'Security group opened to the internet',
  description: 'An ingress rule was added for 0.0.0.0/0 or ::/0.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.007'],
  references: [
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupIngress.html',
    'https://attack.mitre.org/techniques/T1562/007/',
  ],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['AuthorizeSecurityGroupIngress'],
  match: (r) => succeeded(r) && worldOpenPermissions(params(r)).length > 0,
  // The key dedup: ['recipientAccountId', 'requestParameters.groupId'] gives (so alert ids stay
  // as they were), with groupName when the request names a default-VPC group by name.
  dedup: (r) =>
    `${JSON.stringify(r.recipientAccountId ?? null)}|${JSON.stringify(params(r).groupId ?? params(r).groupName ?? null)}`,
};
