import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Route 53 Resolver DNS Firewall set to fail open: DNS Firewall for a VPC was set to fail open: when the firewall cannot evaluate a query, the query goes through instead of being blocked. */
export const rule: RuleDefinition = {
  id: 'route53resolver-dns-firewall-fail-open',
  title: 'Route 53 Resolver DNS Firewall set to fail open',
  description:
    'DNS Firewall for a VPC was set to fail open: when the firewall cannot evaluate a query, the query goes through instead of being blocked.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.007'],
  references: [
    'https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_UpdateFirewallConfig.html',
    'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-dns-firewall-vpc-configuration.html',
  ],
  eventSource: 'route53resolver.amazonaws.com',
  eventNames: ['UpdateFirewallConfig'],
  match: (r) => succeeded(r) && params(r).firewallFailOpen === 'ENABLED',
};
