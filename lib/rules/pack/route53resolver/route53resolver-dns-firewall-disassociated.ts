import { madeByAwsService, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Route 53 Resolver DNS Firewall rule group removed from a VPC: A DNS Firewall rule group was disassociated from a VPC: its domain block and alert lists no longer apply there. */
export const rule: RuleDefinition = {
  id: 'route53resolver-dns-firewall-disassociated',
  title: 'Route 53 Resolver DNS Firewall rule group removed from a VPC',
  description:
    'A DNS Firewall rule group was disassociated from a VPC: its domain block and alert lists no longer apply there.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.007'],
  references: [
    'https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_DisassociateFirewallRuleGroup.html',
    'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-dns-firewall.html',
  ],
  eventSource: 'route53resolver.amazonaws.com',
  eventNames: ['DisassociateFirewallRuleGroup'],
  match: (r) => succeeded(r) && !madeByAwsService(r),
};
