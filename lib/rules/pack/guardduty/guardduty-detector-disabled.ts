import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** GuardDuty detector disabled: A GuardDuty detector was updated with enable=false: it stops producing findings. */
export const rule: RuleDefinition = {
  id: 'guardduty-detector-disabled',
  title: 'GuardDuty detector disabled',
  description: 'A GuardDuty detector was updated with enable=false: it stops producing findings.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: ['https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateDetector.html'],
  eventSource: 'guardduty.amazonaws.com',
  eventNames: ['UpdateDetector'],
  match: (r) => succeeded(r) && params(r).enable === false,
};
