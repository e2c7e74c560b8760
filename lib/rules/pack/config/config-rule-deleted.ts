import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** AWS Config rule or conformance pack deleted: A Config rule or conformance pack was deleted: its compliance checks stop. */
export const rule: RuleDefinition = {
  id: 'config-rule-deleted',
  title: 'AWS Config rule or conformance pack deleted',
  description: 'A Config rule or conformance pack was deleted: its compliance checks stop.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: ['https://docs.aws.amazon.com/config/latest/APIReference/API_DeleteConfigRule.html'],
  eventSource: 'config.amazonaws.com',
  eventNames: [
    'DeleteConfigRule',
    'DeleteConformancePack',
    'DeleteOrganizationConfigRule',
    'DeleteOrganizationConformancePack',
  ],
  match: (r) => succeeded(r),
};
