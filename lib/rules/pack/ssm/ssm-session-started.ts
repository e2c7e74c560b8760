import { succeeded, viaAwsService } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Session Manager session started: An interactive Session Manager session (a shell, or port forwarding) was opened on an instance: hands-on access that skips SSH keys and security groups. */
export const rule: RuleDefinition = {
  id: 'ssm-session-started',
  title: 'Session Manager session started',
  description:
    'An interactive Session Manager session (a shell, or port forwarding) was opened on an instance: hands-on access that skips SSH keys and security groups.',
  severity: 'low',
  tags: ['attack.execution', 'attack.t1651'],
  references: [
    'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_StartSession.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.execution.ssm-start-session/',
  ],
  eventSource: 'ssm.amazonaws.com',
  eventNames: ['StartSession'],
  match: (r) => succeeded(r) && !viaAwsService(r),
};
