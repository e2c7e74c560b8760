import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** IAM Roles Anywhere trust anchor CA replaced: The certificate source of an existing Roles Anywhere trust anchor was replaced: profiles that trust the anchor now accept certificates from the new CA. */
export const rule: RuleDefinition = {
  id: 'rolesanywhere-trust-anchor-source-changed',
  title: 'IAM Roles Anywhere trust anchor CA replaced',
  description:
    'The certificate source of an existing Roles Anywhere trust anchor was replaced: profiles that trust the anchor now accept certificates from the new CA.',
  severity: 'high',
  tags: [
    'attack.persistence',
    'attack.t1098.001',
    'attack.defense-evasion',
    'attack.t1484.002',
    'attack.credential-access',
    'attack.t1649',
  ],
  references: ['https://docs.aws.amazon.com/rolesanywhere/latest/APIReference/API_UpdateTrustAnchor.html'],
  eventSource: 'rolesanywhere.amazonaws.com',
  eventNames: ['UpdateTrustAnchor'],
  match: (r) => succeeded(r) && params(r).source !== undefined,
};
