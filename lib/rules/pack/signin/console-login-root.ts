import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Root user signed in to the console: The root user signed in. AWS advises using root only for the few tasks that need it. */
export const rule: RuleDefinition = {
  id: 'console-login-root',
  title: 'Root user signed in to the console',
  description: 'The root user signed in. AWS advises using root only for the few tasks that need it.',
  severity: 'high',
  tags: ['attack.initial-access', 'attack.t1078.004'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-tasks.html',
    'https://attack.mitre.org/techniques/T1078/004/',
  ],
  eventSource: 'signin.amazonaws.com',
  eventNames: ['ConsoleLogin'],
  match: (r) => r.userIdentity?.type === 'Root' && succeeded(r),
};
