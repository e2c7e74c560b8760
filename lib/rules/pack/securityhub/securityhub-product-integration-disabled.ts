import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Security Hub product integration disabled: Security Hub stopped importing findings from an integrated product (GuardDuty, Inspector, Macie or a partner): that source goes silent in the central view. */
export const rule: RuleDefinition = {
  id: 'securityhub-product-integration-disabled',
  title: 'Security Hub product integration disabled',
  description:
    'Security Hub stopped importing findings from an integrated product (GuardDuty, Inspector, Macie or a partner): that source goes silent in the central view.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: ['https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DisableImportFindingsForProduct.html'],
  eventSource: 'securityhub.amazonaws.com',
  eventNames: ['DisableImportFindingsForProduct'],
  match: (r) => succeeded(r),
};
