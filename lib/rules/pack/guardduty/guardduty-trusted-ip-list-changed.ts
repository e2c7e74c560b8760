import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** GuardDuty trusted IP list changed: A GuardDuty IP set was created or updated; addresses on an active trusted list produce no findings. */
export const rule: RuleDefinition = {
  id: 'guardduty-trusted-ip-list-changed',
  title: 'GuardDuty trusted IP list changed',
  description: 'A GuardDuty IP set was created or updated; addresses on an active trusted list produce no findings.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: ['https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateIPSet.html'],
  eventSource: 'guardduty.amazonaws.com',
  eventNames: ['CreateIPSet', 'UpdateIPSet'],
  match: (r) => succeeded(r),
};
