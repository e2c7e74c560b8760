import { succeeded } from '../helpers.js';
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
  match: (r) => succeeded(r),
};
