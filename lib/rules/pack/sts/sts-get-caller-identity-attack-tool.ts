import { ATTACK_TOOL_AGENT } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** GetCallerIdentity from an attack tool: GetCallerIdentity, the first call of most credential checkers, came from a known offensive tool or pentest distribution (TruffleHog, Pacu, CloudFox, Kali, Parrot). */
export const rule: RuleDefinition = {
  id: 'sts-get-caller-identity-attack-tool',
  title: 'GetCallerIdentity from an attack tool',
  description:
    'GetCallerIdentity, the first call of most credential checkers, came from a known offensive tool or pentest distribution (TruffleHog, Pacu, CloudFox, Kali, Parrot).',
  severity: 'high',
  tags: ['attack.discovery', 'attack.t1087.004'],
  references: [
    'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html',
    'https://github.com/trufflesecurity/trufflehog',
  ],
  eventSource: 'sts.amazonaws.com',
  eventNames: ['GetCallerIdentity'],
  match: (r) => ATTACK_TOOL_AGENT.test(r.userAgent ?? ''),
};
