import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** CloudWatch alarms deleted or their actions disabled: Alarms were deleted or their actions disabled: the alerts they would send never fire. */
export const rule: RuleDefinition = {
  id: 'cloudwatch-alarms-silenced',
  title: 'CloudWatch alarms deleted or their actions disabled',
  description: 'Alarms were deleted or their actions disabled: the alerts they would send never fire.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: ['https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DisableAlarmActions.html'],
  eventSource: 'monitoring.amazonaws.com',
  eventNames: ['DeleteAlarms', 'DisableAlarmActions'],
  match: (r) => succeeded(r),
};
