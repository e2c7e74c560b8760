import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** RDS retained automated backups deleted: The retained automated backups of a deleted DB instance or cluster were removed: point-in-time restore of that database is no longer possible. */
export const rule: RuleDefinition = {
  id: 'rds-automated-backups-deleted',
  title: 'RDS retained automated backups deleted',
  description:
    'The retained automated backups of a deleted DB instance or cluster were removed: point-in-time restore of that database is no longer possible.',
  severity: 'high',
  tags: ['attack.impact', 'attack.t1490'],
  references: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstanceAutomatedBackup.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBClusterAutomatedBackup.html',
  ],
  eventSource: 'rds.amazonaws.com',
  eventNames: ['DeleteDBInstanceAutomatedBackup', 'DeleteDBClusterAutomatedBackup'],
  match: (r) => succeeded(r),
};
