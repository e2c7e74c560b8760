import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** SAML identity provider created or changed: A SAML provider was created or its metadata replaced: whoever controls it can sign in as any role that trusts it. */
export const rule: RuleDefinition = {
  id: 'iam-saml-provider-changed',
  title: 'SAML identity provider created or changed',
  description:
    'A SAML provider was created or its metadata replaced: whoever controls it can sign in as any role that trusts it.',
  severity: 'high',
  tags: ['attack.privilege-escalation', 'attack.defense-evasion', 'attack.t1484.002'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateSAMLProvider.html',
    'https://attack.mitre.org/techniques/T1484/002/',
  ],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['CreateSAMLProvider', 'UpdateSAMLProvider'],
  // IAM Identity Center creates and rotates its own provider (AWSSSO_<id>_DO_NOT_DELETE).
  match: (r) =>
    succeeded(r) &&
    !(
      r.userIdentity?.invokedBy === 'sso.amazonaws.com' &&
      String(params(r).name ?? params(r).sAMLProviderArn).includes('AWSSSO_')
    ),
};
