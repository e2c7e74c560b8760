import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** GuardDuty findings auto-archived by a filter: A GuardDuty filter with action ARCHIVE was created or updated: matching findings are hidden as they arrive. */
export const rule: RuleDefinition = {
  id: 'guardduty-findings-auto-archived',
  title: 'GuardDuty findings auto-archived by a filter',
  description:
    'A GuardDuty filter with action ARCHIVE was created or updated: matching findings are hidden as they arrive.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: ['https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateFilter.html'],
  eventSource: 'guardduty.amazonaws.com',
  eventNames: ['CreateFilter', 'UpdateFilter'],
  match: (r) => succeeded(r) && params(r).action === 'ARCHIVE',
};
