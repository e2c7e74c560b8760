import { madeByAwsService, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Route 53 Resolver query logging configuration deleted: A Resolver query logging configuration was deleted: DNS queries from the VPCs it covered are no longer recorded. */
export const rule: RuleDefinition = {
  id: 'route53resolver-query-logging-deleted',
  title: 'Route 53 Resolver query logging configuration deleted',
  description:
    'A Resolver query logging configuration was deleted: DNS queries from the VPCs it covered are no longer recorded.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.008'],
  references: [
    'https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_DeleteResolverQueryLogConfig.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.defense-evasion.dns-delete-logs/',
  ],
  eventSource: 'route53resolver.amazonaws.com',
  eventNames: ['DeleteResolverQueryLogConfig'],
  match: (r) => succeeded(r) && !madeByAwsService(r),
};
