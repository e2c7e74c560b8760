import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** RDS automated backups disabled: A DB instance's backup retention period was set to 0: automated backups stop and the existing ones are deleted. */
export const rule: RuleDefinition = {
  id: 'rds-automated-backups-disabled',
  title: 'RDS automated backups disabled',
  description:
    "A DB instance's backup retention period was set to 0: automated backups stop and the existing ones are deleted.",
  severity: 'high',
  tags: ['attack.impact', 'attack.t1490'],
  references: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html#USER_WorkingWithAutomatedBackups.Disabling',
  ],
  eventSource: 'rds.amazonaws.com',
  eventNames: ['ModifyDBInstance'],
  match: (r) => succeeded(r) && params(r).backupRetentionPeriod === 0,
};
