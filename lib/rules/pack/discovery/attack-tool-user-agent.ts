import { ATTACK_TOOL_AGENT } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** API call from an attack tool: A call came from a known offensive tool or pentest distribution (Pacu, CloudFox, TruffleHog, Kali, Parrot) on any service. */
export const rule: RuleDefinition = {
  id: 'attack-tool-user-agent',
  title: 'API call from an attack tool',
  description: 'A call came from a known offensive tool or pentest distribution (Pacu, CloudFox, TruffleHog, Kali, Parrot) on any service.',
  severity: 'medium',
  tags: ['attack.discovery', 'attack.t1526'],
  references: ['https://github.com/RhinoSecurityLabs/pacu', 'https://github.com/BishopFox/cloudfox'],
  match: (r) => ATTACK_TOOL_AGENT.test(r.userAgent ?? ''),
  rawIncludes: ['TruffleHog', 'trufflehog', 'Pacu', 'pacu', 'CloudFox', 'cloudfox', 'kali', 'Kali', 'parrot', 'Parrot'],
};
