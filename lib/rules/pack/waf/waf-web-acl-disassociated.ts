import { succeeded, viaAwsService } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Web ACL removed from a resource: A WAF web ACL was disassociated from a load balancer, API Gateway stage, AppSync API or Cognito pool: its traffic is no longer filtered. */
export const rule: RuleDefinition = {
  id: 'waf-web-acl-disassociated',
  title: 'Web ACL removed from a resource',
  description:
    'A WAF web ACL was disassociated from a load balancer, API Gateway stage, AppSync API or Cognito pool: its traffic is no longer filtered.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.007'],
  references: [
    'https://docs.aws.amazon.com/waf/latest/APIReference/API_DisassociateWebACL.html',
    'https://docs.aws.amazon.com/waf/latest/developerguide/logging-using-cloudtrail.html',
  ],
  eventSource: ['wafv2.amazonaws.com', 'waf-regional.amazonaws.com'],
  eventNames: ['DisassociateWebACL'],
  match: (r) => succeeded(r) && !viaAwsService(r),
};
