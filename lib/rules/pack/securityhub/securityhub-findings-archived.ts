import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Security Hub findings archived: Findings were set to record state ARCHIVED through UpdateFindings: they drop out of the views and integrations that show active findings. */
export const rule: RuleDefinition = {
  id: 'securityhub-findings-archived',
  title: 'Security Hub findings archived',
  description:
    'Findings were set to record state ARCHIVED through UpdateFindings: they drop out of the views and integrations that show active findings.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: ['https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_UpdateFindings.html'],
  eventSource: 'securityhub.amazonaws.com',
  eventNames: ['UpdateFindings'],
  match: (r) => succeeded(r) && params(r).RecordState === 'ARCHIVED',
};
