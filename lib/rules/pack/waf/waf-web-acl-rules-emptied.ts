import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Web ACL emptied and set to allow: A WAF web ACL was updated to hold no rules with a default action of Allow: it stays attached and looks in place but filters nothing. */
export const rule: RuleDefinition = {
  id: 'waf-web-acl-rules-emptied',
  title: 'Web ACL emptied and set to allow',
  description:
    'A WAF web ACL was updated to hold no rules with a default action of Allow: it stays attached and looks in place but filters nothing.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.007'],
  references: ['https://docs.aws.amazon.com/waf/latest/APIReference/API_UpdateWebACL.html'],
  eventSource: 'wafv2.amazonaws.com',
  eventNames: ['UpdateWebACL'],
  match: (r) =>
    succeeded(r) &&
    Array.isArray(params(r).rules) &&
    (params(r).rules as unknown[]).length === 0 &&
    typeof (params(r).defaultAction as { allow?: unknown } | undefined)?.allow === 'object',
};
