import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** SAML or OIDC identity provider deleted: A SAML or OpenID Connect provider was deleted: everyone who signs in through it (the workforce IdP, CI pipelines) loses access at once. */
export const rule: RuleDefinition = {
  id: 'iam-identity-provider-deleted',
  title: 'SAML or OIDC identity provider deleted',
  description:
    'A SAML or OpenID Connect provider was deleted: everyone who signs in through it (the workforce IdP, CI pipelines) loses access at once.',
  severity: 'medium',
  tags: ['attack.impact', 'attack.t1531'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteSAMLProvider.html',
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteOpenIDConnectProvider.html',
  ],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['DeleteSAMLProvider', 'DeleteOpenIDConnectProvider'],
  match: (r) => succeeded(r),
};
