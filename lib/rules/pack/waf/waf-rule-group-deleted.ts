import { succeeded, viaAwsService } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** WAF rule group deleted: A WAF rule group was deleted: the web ACLs that referenced it lose those rules. */
export const rule: RuleDefinition = {
  id: 'waf-rule-group-deleted',
  title: 'WAF rule group deleted',
  description: 'A WAF rule group was deleted: the web ACLs that referenced it lose those rules.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.007'],
  references: ['https://docs.aws.amazon.com/waf/latest/APIReference/API_DeleteRuleGroup.html'],
  eventSource: ['wafv2.amazonaws.com', 'waf-regional.amazonaws.com', 'waf.amazonaws.com'],
  eventNames: ['DeleteRuleGroup'],
  match: (r) => succeeded(r) && !viaAwsService(r),
};
