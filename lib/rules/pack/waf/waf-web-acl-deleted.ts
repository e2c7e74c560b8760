import { succeeded, viaAwsService } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Web ACL deleted: A WAF web ACL was deleted: every rule in it stops filtering requests. */
export const rule: RuleDefinition = {
  id: 'waf-web-acl-deleted',
  title: 'Web ACL deleted',
  description: 'A WAF web ACL was deleted: every rule in it stops filtering requests.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.007'],
  references: ['https://docs.aws.amazon.com/waf/latest/APIReference/API_DeleteWebACL.html'],
  eventSource: ['wafv2.amazonaws.com', 'waf-regional.amazonaws.com', 'waf.amazonaws.com'],
  eventNames: ['DeleteWebACL'],
  match: (r) => succeeded(r) && !viaAwsService(r),
};
