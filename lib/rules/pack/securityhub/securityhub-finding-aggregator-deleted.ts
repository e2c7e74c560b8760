import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Security Hub cross-region aggregation stopped: The Security Hub finding aggregator was deleted: findings of the linked regions no longer reach the aggregation region, so activity in them goes unseen there. */
export const rule: RuleDefinition = {
  id: 'securityhub-finding-aggregator-deleted',
  title: 'Security Hub cross-region aggregation stopped',
  description:
    'The Security Hub finding aggregator was deleted: findings of the linked regions no longer reach the aggregation region, so activity in them goes unseen there.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: [
    'https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DeleteFindingAggregator.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/finding-aggregation.html',
  ],
  eventSource: 'securityhub.amazonaws.com',
  eventNames: ['DeleteFindingAggregator'],
  match: (r) => succeeded(r),
};
