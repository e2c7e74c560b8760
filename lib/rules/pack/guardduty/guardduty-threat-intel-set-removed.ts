import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** GuardDuty threat list removed or deactivated: A GuardDuty threat intelligence set was deleted or deactivated: traffic to the addresses on it no longer produces findings. */
export const rule: RuleDefinition = {
  id: 'guardduty-threat-intel-set-removed',
  title: 'GuardDuty threat list removed or deactivated',
  description:
    'A GuardDuty threat intelligence set was deleted or deactivated: traffic to the addresses on it no longer produces findings.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: [
    'https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DeleteThreatIntelSet.html',
    'https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateThreatIntelSet.html',
  ],
  eventSource: 'guardduty.amazonaws.com',
  eventNames: ['DeleteThreatIntelSet', 'UpdateThreatIntelSet'],
  match: (r) => succeeded(r) && (r.eventName === 'DeleteThreatIntelSet' || params(r).activate === false),
};
