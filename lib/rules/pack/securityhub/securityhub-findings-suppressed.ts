import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Security Hub findings suppressed: Findings were set to workflow status SUPPRESSED: they leave the default views. */
export const rule: RuleDefinition = {
  id: 'securityhub-findings-suppressed',
  title: 'Security Hub findings suppressed',
  description: 'Findings were set to workflow status SUPPRESSED: they leave the default views.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: ['https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchUpdateFindings.html'],
  eventSource: 'securityhub.amazonaws.com',
  eventNames: ['BatchUpdateFindings'],
  match: (r) => succeeded(r) && (params(r).Workflow as { Status?: string } | undefined)?.Status === 'SUPPRESSED',
};
