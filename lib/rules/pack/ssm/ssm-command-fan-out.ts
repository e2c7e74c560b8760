import { madeByAwsService, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Run Command fanned out over many calls: One principal sent Run Command to 10 or more different instance sets within 10 minutes (one call per instance, as scripts loop): a command spread across the fleet. AWS services (State Manager, Maintenance Windows) are left out. */
export const rule: RuleDefinition = {
  id: 'ssm-command-fan-out',
  title: 'Run Command fanned out over many calls',
  description:
    'One principal sent Run Command to 10 or more different instance sets within 10 minutes (one call per instance, as scripts loop): a command spread across the fleet. AWS services (State Manager, Maintenance Windows) are left out.',
  severity: 'medium',
  tags: ['attack.execution', 'attack.t1072', 'attack.t1651', 'attack.lateral-movement'],
  references: [
    'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_SendCommand.html',
    'https://attack.mitre.org/techniques/T1072/',
  ],
  eventSource: 'ssm.amazonaws.com',
  eventNames: ['SendCommand'],
  match: (r) => succeeded(r) && !madeByAwsService(r),
  dedup: ['recipientAccountId', 'userIdentity.arn'],
  threshold: { count: 10, window: '10m', distinct: 'requestParameters.instanceIds' },
};
