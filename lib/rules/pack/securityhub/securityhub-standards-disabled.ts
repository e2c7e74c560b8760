import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Security Hub standards disabled: One or more Security Hub standards were disabled: their controls stop evaluating. */
export const rule: RuleDefinition = {
  id: 'securityhub-standards-disabled',
  title: 'Security Hub standards disabled',
  description: 'One or more Security Hub standards were disabled: their controls stop evaluating.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: ['https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchDisableStandards.html'],
  eventSource: 'securityhub.amazonaws.com',
  eventNames: ['BatchDisableStandards'],
  match: (r) => succeeded(r),
};
