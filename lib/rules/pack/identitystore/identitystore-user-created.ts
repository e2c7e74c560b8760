import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Identity Center user created by hand: A user was created directly in the IAM Identity Center identity store (API or console) rather than provisioned by the identity provider over SCIM: a workforce identity nobody in HR knows about. */
export const rule: RuleDefinition = {
  id: 'identitystore-user-created',
  title: 'Identity Center user created by hand',
  description:
    'A user was created directly in the IAM Identity Center identity store (API or console) rather than provisioned by the identity provider over SCIM: a workforce identity nobody in HR knows about.',
  severity: 'low',
  tags: ['attack.persistence', 'attack.t1136.003'],
  references: [
    'https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/API_CreateUser.html',
    'https://docs.aws.amazon.com/singlesignon/latest/userguide/sso-info-in-cloudtrail.html',
  ],
  eventSource: ['identitystore.amazonaws.com', 'sso-directory.amazonaws.com'],
  eventNames: ['CreateUser'],
  match: (r) => succeeded(r),
};
