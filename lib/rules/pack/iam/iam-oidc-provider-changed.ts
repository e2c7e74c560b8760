import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** OIDC identity provider created or changed: An OpenID Connect provider was created or given new client ids or thumbprints: a path for external identities to assume roles. */
export const rule: RuleDefinition = {
  id: 'iam-oidc-provider-changed',
  title: 'OIDC identity provider created or changed',
  description:
    'An OpenID Connect provider was created or given new client ids or thumbprints: a path for external identities to assume roles.',
  severity: 'high',
  tags: ['attack.privilege-escalation', 'attack.defense-evasion', 'attack.t1484.002'],
  references: ['https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html'],
  eventSource: 'iam.amazonaws.com',
  eventNames: [
    'CreateOpenIDConnectProvider',
    'AddClientIDToOpenIDConnectProvider',
    'UpdateOpenIDConnectProviderThumbprint',
  ],
  match: (r) => succeeded(r),
};
