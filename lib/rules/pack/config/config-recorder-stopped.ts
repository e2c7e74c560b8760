import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** AWS Config recorder stopped or deleted: The Config recorder was stopped or deleted: resource changes are no longer recorded. */
export const rule: RuleDefinition = {
  id: 'config-recorder-stopped',
  title: 'AWS Config recorder stopped or deleted',
  description: 'The Config recorder was stopped or deleted: resource changes are no longer recorded.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: ['https://docs.aws.amazon.com/config/latest/APIReference/API_StopConfigurationRecorder.html'],
  eventSource: 'config.amazonaws.com',
  eventNames: ['StopConfigurationRecorder', 'DeleteConfigurationRecorder'],
  match: (r) => succeeded(r),
};
