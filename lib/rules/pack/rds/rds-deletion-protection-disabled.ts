import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** RDS deletion protection disabled: Deletion protection was turned off on a DB instance or cluster: the next DeleteDBInstance or DeleteDBCluster call succeeds. */
export const rule: RuleDefinition = {
  id: 'rds-deletion-protection-disabled',
  title: 'RDS deletion protection disabled',
  description:
    'Deletion protection was turned off on a DB instance or cluster: the next DeleteDBInstance or DeleteDBCluster call succeeds.',
  severity: 'medium',
  tags: ['attack.impact', 'attack.t1485'],
  references: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeleteInstance.DeletionProtection',
  ],
  eventSource: 'rds.amazonaws.com',
  eventNames: ['ModifyDBInstance', 'ModifyDBCluster'],
  match: (r) => succeeded(r) && params(r).deletionProtection === false,
};
