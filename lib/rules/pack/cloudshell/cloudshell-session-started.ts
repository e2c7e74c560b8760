import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** CloudShell session started: A principal opened or created an AWS CloudShell environment: a browser shell that runs AWS API commands with the console session's credentials, from AWS's network rather than the caller's. */
export const rule: RuleDefinition = {
  id: 'cloudshell-session-started',
  title: 'CloudShell session started',
  description:
    "A principal opened or created an AWS CloudShell environment: a browser shell that runs AWS API commands with the console session's credentials, from AWS's network rather than the caller's.",
  severity: 'low',
  tags: ['attack.execution', 'attack.t1059.009'],
  references: [
    'https://docs.aws.amazon.com/cloudshell/latest/userguide/logging-and-monitoring.html',
    'https://attack.mitre.org/techniques/T1059/009/',
  ],
  eventSource: 'cloudshell.amazonaws.com',
  eventNames: ['CreateEnvironment', 'CreateSession'],
  match: (r) => succeeded(r),
  dedup: ['recipientAccountId', 'userIdentity.arn'],
};
