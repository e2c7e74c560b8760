import { succeeded, viaAwsService } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** WAF logging turned off: The logging configuration of a WAF web ACL was deleted: blocked and allowed requests stop being recorded. */
export const rule: RuleDefinition = {
  id: 'waf-logging-deleted',
  title: 'WAF logging turned off',
  description:
    'The logging configuration of a WAF web ACL was deleted: blocked and allowed requests stop being recorded.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.008'],
  references: [
    'https://docs.aws.amazon.com/waf/latest/APIReference/API_DeleteLoggingConfiguration.html',
    'https://docs.aws.amazon.com/waf/latest/developerguide/logging.html',
  ],
  eventSource: ['wafv2.amazonaws.com', 'waf-regional.amazonaws.com', 'waf.amazonaws.com'],
  eventNames: ['DeleteLoggingConfiguration'],
  match: (r) => succeeded(r) && !viaAwsService(r),
};
