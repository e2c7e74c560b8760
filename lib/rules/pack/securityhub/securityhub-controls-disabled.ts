import { asList, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Security Hub controls disabled: One or more Security Hub controls were disabled (UpdateStandardsControl or BatchUpdateStandardsControlAssociations): their checks stop producing findings. */
export const rule: RuleDefinition = {
  id: 'securityhub-controls-disabled',
  title: 'Security Hub controls disabled',
  description:
    'One or more Security Hub controls were disabled (UpdateStandardsControl or BatchUpdateStandardsControlAssociations): their checks stop producing findings.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: [
    'https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_UpdateStandardsControl.html',
    'https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchUpdateStandardsControlAssociations.html',
  ],
  eventSource: 'securityhub.amazonaws.com',
  eventNames: ['UpdateStandardsControl', 'BatchUpdateStandardsControlAssociations'],
  match: (r) =>
    succeeded(r) &&
    (params(r).ControlStatus === 'DISABLED' ||
      asList(params(r).StandardsControlAssociationUpdates).some((u) => u?.AssociationStatus === 'DISABLED')),
};
