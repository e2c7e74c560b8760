import { succeeded, viaAwsService } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** DNS query logging removed: A Route 53 Resolver query logging configuration was deleted or detached from a VPC: DNS lookups from the VPC (command and control, exfiltration over DNS) stop being recorded. */
export const rule: RuleDefinition = {
  id: 'route53resolver-query-logging-removed',
  title: 'DNS query logging removed',
  description:
    'A Route 53 Resolver query logging configuration was deleted or detached from a VPC: DNS lookups from the VPC (command and control, exfiltration over DNS) stop being recorded.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.008'],
  references: [
    'https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_DeleteResolverQueryLogConfig.html',
    'https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_DisassociateResolverQueryLogConfig.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.defense-evasion.dns-delete-logs/',
  ],
  eventSource: 'route53resolver.amazonaws.com',
  eventNames: ['DeleteResolverQueryLogConfig', 'DisassociateResolverQueryLogConfig'],
  match: (r) => succeeded(r) && !viaAwsService(r),
};
