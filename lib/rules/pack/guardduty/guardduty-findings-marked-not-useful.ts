import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** GuardDuty findings marked not useful: Findings were given NOT_USEFUL feedback: harmless on its own, but a step analysts and intruders alike take before archiving or suppressing a finding. */
export const rule: RuleDefinition = {
  id: 'guardduty-findings-marked-not-useful',
  title: 'GuardDuty findings marked not useful',
  description:
    'Findings were given NOT_USEFUL feedback: harmless on its own, but a step analysts and intruders alike take before archiving or suppressing a finding.',
  severity: 'low',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: ['https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateFindingsFeedback.html'],
  eventSource: 'guardduty.amazonaws.com',
  eventNames: ['UpdateFindingsFeedback'],
  match: (r) => succeeded(r) && params(r).feedback === 'NOT_USEFUL',
};
