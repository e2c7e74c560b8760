import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** AWS Backup recovery point or vault deleted: A recovery point, backup vault or backup plan was deleted. */
export const rule: RuleDefinition = {
  id: 'backup-recovery-points-deleted',
  title: 'AWS Backup recovery point or vault deleted',
  description: 'A recovery point, backup vault or backup plan was deleted.',
  severity: 'high',
  tags: ['attack.impact', 'attack.t1490'],
  references: ['https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DeleteRecoveryPoint.html'],
  eventSource: 'backup.amazonaws.com',
  eventNames: ['DeleteRecoveryPoint', 'DeleteBackupVault', 'DeleteBackupPlan'],
  match: (r) => succeeded(r),
};
