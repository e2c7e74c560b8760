import { madeByAwsService, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** RDS manual snapshot deleted: A manual DB or cluster snapshot was deleted by a person or pipeline (not AWS Backup): one fewer restore point. */
export const rule: RuleDefinition = {
  id: 'rds-snapshot-deleted',
  title: 'RDS manual snapshot deleted',
  description:
    'A manual DB or cluster snapshot was deleted by a person or pipeline (not AWS Backup): one fewer restore point.',
  severity: 'medium',
  tags: ['attack.impact', 'attack.t1490'],
  references: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBSnapshot.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBClusterSnapshot.html',
  ],
  eventSource: 'rds.amazonaws.com',
  eventNames: ['DeleteDBSnapshot', 'DeleteDBClusterSnapshot'],
  match: (r) => succeeded(r) && !madeByAwsService(r),
};
