import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Network ACL allows all inbound traffic from anywhere: A network ACL ingress entry allows every protocol from 0.0.0.0/0 or ::/0. */
export const rule: RuleDefinition = {
  id: 'network-acl-allows-all-inbound',
  title: 'Network ACL allows all inbound traffic from anywhere',
  description: 'A network ACL ingress entry allows every protocol from 0.0.0.0/0 or ::/0.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.007'],
  references: ['https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAclEntry.html'],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['CreateNetworkAclEntry', 'ReplaceNetworkAclEntry'],
  match: (r) =>
    succeeded(r) &&
    params(r).egress === false &&
    params(r).ruleAction === 'allow' &&
    String(params(r).aclProtocol) === '-1' &&
    (params(r).cidrBlock === '0.0.0.0/0' || params(r).ipv6CidrBlock === '::/0'),
};
