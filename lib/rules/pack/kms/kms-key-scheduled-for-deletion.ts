import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** KMS key scheduled for deletion: A KMS key was scheduled for deletion: once deleted, everything encrypted under it is unrecoverable. */
export const rule: RuleDefinition = {
  id: 'kms-key-scheduled-for-deletion',
  title: 'KMS key scheduled for deletion',
  description: 'A KMS key was scheduled for deletion: once deleted, everything encrypted under it is unrecoverable.',
  severity: 'high',
  tags: ['attack.impact', 'attack.t1485'],
  references: ['https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html'],
  eventSource: 'kms.amazonaws.com',
  eventNames: ['ScheduleKeyDeletion'],
  match: (r) => succeeded(r),
};
