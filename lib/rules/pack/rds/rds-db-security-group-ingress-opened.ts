import { isForeignAccount, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** RDS DB security group opened to the internet or another account: A DB security group (EC2-Classic) now admits 0.0.0.0/0, ::/0, or an EC2 security group owned by another account. */
export const rule: RuleDefinition = {
  id: 'rds-db-security-group-ingress-opened',
  title: 'RDS DB security group opened to the internet or another account',
  description:
    'A DB security group (EC2-Classic) now admits 0.0.0.0/0, ::/0, or an EC2 security group owned by another account.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.007', 'attack.initial-access', 'attack.t1190'],
  references: ['https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_AuthorizeDBSecurityGroupIngress.html'],
  eventSource: 'rds.amazonaws.com',
  eventNames: ['AuthorizeDBSecurityGroupIngress'],
  match: (r) => {
    if (!succeeded(r)) return false;
    const p = params(r);
    // RDS logs query parameters with the first letter lowered (CIDRIP → cIDRIP); accept other casings too.
    const cidr = p.cIDRIP ?? p.cidrip ?? p.CIDRIP;
    const owner = p.eC2SecurityGroupOwnerId ?? p.ec2SecurityGroupOwnerId ?? p.EC2SecurityGroupOwnerId;
    return cidr === '0.0.0.0/0' || cidr === '::/0' || isForeignAccount(r, owner);
  },
};
