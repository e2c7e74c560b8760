import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** GuardDuty detector deleted: A GuardDuty detector was deleted: threat detection stops in this region and its findings are lost. */
export const rule: RuleDefinition = {
  id: 'guardduty-detector-deleted',
  title: 'GuardDuty detector deleted',
  description: 'A GuardDuty detector was deleted: threat detection stops in this region and its findings are lost.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: ['https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DeleteDetector.html'],
  eventSource: 'guardduty.amazonaws.com',
  eventNames: ['DeleteDetector'],
  match: (r) => succeeded(r),
};
