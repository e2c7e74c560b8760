import { ATTACK_TOOL_AGENT, SCRIPT_AGENT, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Session token minted by a script or attack tool: An IAM user's long-term key was exchanged for a session token by a bare HTTP client (curl, python-requests, Go's default client) or an offensive tool: stolen keys turned into sessions that survive the key's deletion. */
export const rule: RuleDefinition = {
  id: 'sts-session-token-from-script-or-attack-tool',
  title: 'Session token minted by a script or attack tool',
  description:
    "An IAM user's long-term key was exchanged for a session token by a bare HTTP client (curl, python-requests, Go's default client) or an offensive tool: stolen keys turned into sessions that survive the key's deletion.",
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1550.001'],
  references: [
    'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_request.html',
  ],
  eventSource: 'sts.amazonaws.com',
  eventNames: ['GetSessionToken'],
  match: (r) =>
    succeeded(r) &&
    r.userIdentity?.type === 'IAMUser' &&
    (SCRIPT_AGENT.test(r.userAgent ?? '') || ATTACK_TOOL_AGENT.test(r.userAgent ?? '')),
};
