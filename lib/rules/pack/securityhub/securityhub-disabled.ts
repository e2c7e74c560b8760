import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Security Hub disabled: Security Hub was disabled in a region: aggregated findings and controls stop. */
export const rule: RuleDefinition = {
  id: 'securityhub-disabled',
  title: 'Security Hub disabled',
  description: 'Security Hub was disabled in a region: aggregated findings and controls stop.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: ['https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DisableSecurityHub.html'],
  eventSource: 'securityhub.amazonaws.com',
  eventNames: ['DisableSecurityHub'],
  match: (r) => succeeded(r),
};
