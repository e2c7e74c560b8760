import type { RuleDefinition } from '../../types.js';

/** Customer managed key disabled or scheduled for deletion: A KMS key was disabled or scheduled for deletion; data under it becomes unreadable. CIS AWS Foundations v1.2.0 3.7, v1.4.0 4.7. */
export const rule: RuleDefinition = {
  id: 'cis-cloudwatch-7-cmk-disabled-or-scheduled-for-deletion',
  title: 'Customer managed key disabled or scheduled for deletion',
  description:
    'A KMS key was disabled or scheduled for deletion; data under it becomes unreadable. CIS AWS Foundations v1.2.0 3.7, v1.4.0 4.7.',
  severity: 'medium',
  tags: ['attack.impact', 'attack.t1485'],
  references: ['https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-7'],
  pattern: '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}',
};
