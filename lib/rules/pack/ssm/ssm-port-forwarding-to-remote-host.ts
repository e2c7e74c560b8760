import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Session Manager tunnel to a remote host: A Session Manager session forwards a local port through a managed instance to another host (a database, a domain controller), reaching systems that have no agent and no public address. */
export const rule: RuleDefinition = {
  id: 'ssm-port-forwarding-to-remote-host',
  title: 'Session Manager tunnel to a remote host',
  description:
    'A Session Manager session forwards a local port through a managed instance to another host (a database, a domain controller), reaching systems that have no agent and no public address.',
  severity: 'medium',
  tags: ['attack.command-and-control', 'attack.t1572', 'attack.lateral-movement', 'attack.t1021.008'],
  references: [
    'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_StartSession.html',
    'https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-sessions-start.html#sessions-remote-port-forwarding',
  ],
  eventSource: 'ssm.amazonaws.com',
  eventNames: ['StartSession'],
  match: (r) => succeeded(r) && params(r).documentName === 'AWS-StartPortForwardingSessionToRemoteHost',
};
