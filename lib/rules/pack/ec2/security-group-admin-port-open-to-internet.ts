import { params, permissionReachesPort, succeeded, worldOpenPermissions } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

const ADMIN_PORTS = [22, 3389];

/** SSH, RDP or all ports opened to the internet: An ingress rule opens SSH (22), RDP (3389) or every port to 0.0.0.0/0 or ::/0. */
export const rule: RuleDefinition = {
  id: 'security-group-admin-port-open-to-internet',
  title: 'SSH, RDP or all ports opened to the internet',
  description: 'An ingress rule opens SSH (22), RDP (3389) or every port to 0.0.0.0/0 or ::/0.',
  severity: 'critical',
  tags: ['attack.defense-evasion', 'attack.t1562.007', 'attack.initial-access', 'attack.t1133'],
  references: ['https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupIngress.html'],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['AuthorizeSecurityGroupIngress'],
  match: (r) =>
    succeeded(r) &&
    worldOpenPermissions(params(r)).some((p) => ADMIN_PORTS.some((port) => permissionReachesPort(p, port))),
  // The key dedup: ['recipientAccountId', 'requestParameters.groupId'] gives (so alert ids stay
  // as they were), with groupName when the request names a default-VPC group by name.
  dedup: (r) =>
    `${JSON.stringify(r.recipientAccountId ?? null)}|${JSON.stringify(params(r).groupId ?? params(r).groupName ?? null)}`,
};
