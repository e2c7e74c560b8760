import { succeeded, viaAwsService } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** GuardDuty findings archived by hand: GuardDuty findings were archived with ArchiveFindings: they leave the current findings view, a way to hide the trace of an intrusion that was detected. */
export const rule: RuleDefinition = {
  id: 'guardduty-findings-archived',
  title: 'GuardDuty findings archived by hand',
  description:
    'GuardDuty findings were archived with ArchiveFindings: they leave the current findings view, a way to hide the trace of an intrusion that was detected.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: ['https://docs.aws.amazon.com/guardduty/latest/APIReference/API_ArchiveFindings.html'],
  eventSource: 'guardduty.amazonaws.com',
  eventNames: ['ArchiveFindings'],
  match: (r) => succeeded(r) && !viaAwsService(r),
};
