import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** RDS database deleted without a final snapshot: A DB instance or cluster was deleted with SkipFinalSnapshot: its data is gone unless a backup exists elsewhere. */
export const rule: RuleDefinition = {
  id: 'rds-deleted-without-final-snapshot',
  title: 'RDS database deleted without a final snapshot',
  description:
    'A DB instance or cluster was deleted with SkipFinalSnapshot: its data is gone unless a backup exists elsewhere.',
  severity: 'high',
  tags: ['attack.impact', 'attack.t1485'],
  references: ['https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html'],
  eventSource: 'rds.amazonaws.com',
  eventNames: ['DeleteDBInstance', 'DeleteDBCluster'],
  match: (r) => succeeded(r) && params(r).skipFinalSnapshot === true,
};
