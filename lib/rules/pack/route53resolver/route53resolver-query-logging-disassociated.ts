import { madeByAwsService, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** VPC removed from Route 53 Resolver query logging: A VPC was disassociated from a Resolver query logging configuration: that VPC's DNS queries stop being recorded. */
export const rule: RuleDefinition = {
  id: 'route53resolver-query-logging-disassociated',
  title: 'VPC removed from Route 53 Resolver query logging',
  description:
    "A VPC was disassociated from a Resolver query logging configuration: that VPC's DNS queries stop being recorded.",
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.008'],
  references: [
    'https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_DisassociateResolverQueryLogConfig.html',
  ],
  eventSource: 'route53resolver.amazonaws.com',
  eventNames: ['DisassociateResolverQueryLogConfig'],
  match: (r) => succeeded(r) && !madeByAwsService(r),
};
