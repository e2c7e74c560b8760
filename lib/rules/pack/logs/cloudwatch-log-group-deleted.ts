import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** CloudWatch Logs log group deleted: A log group was deleted with all its events: a common way to erase application and audit logs. */
export const rule: RuleDefinition = {
  id: 'cloudwatch-log-group-deleted',
  title: 'CloudWatch Logs log group deleted',
  description: 'A log group was deleted with all its events: a common way to erase application and audit logs.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1070'],
  references: ['https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DeleteLogGroup.html'],
  eventSource: 'logs.amazonaws.com',
  eventNames: ['DeleteLogGroup'],
  match: (r) => succeeded(r),
};
