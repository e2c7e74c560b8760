import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

// Sessions that give a shell or run commands; the port-forwarding documents only open tunnels.
const SHELL_DOCUMENTS = new Set([
  'SSM-SessionManagerRunShell',
  'AWS-StartInteractiveCommand',
  'AWS-StartNonInteractiveCommand',
]);

/** Session Manager shell session started: An interactive shell or command session was opened on a managed instance through Session Manager. */
export const rule: RuleDefinition = {
  id: 'ssm-shell-session-started',
  title: 'Session Manager shell session started',
  description: 'An interactive shell or command session was opened on a managed instance through Session Manager.',
  severity: 'low',
  tags: ['attack.lateral-movement', 'attack.t1021.008', 'attack.execution', 'attack.t1651'],
  references: [
    'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_StartSession.html',
    'https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html',
  ],
  eventSource: 'ssm.amazonaws.com',
  eventNames: ['StartSession'],
  match: (r) => {
    const document = params(r).documentName;
    return succeeded(r) && (document === undefined || (typeof document === 'string' && SHELL_DOCUMENTS.has(document)));
  },
};
