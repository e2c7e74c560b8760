import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** IAM Roles Anywhere trust anchor created or replaced: A Roles Anywhere trust anchor was created or its certificate source replaced: whoever holds that certificate authority can mint certificates and assume every role trusting Roles Anywhere, from outside AWS. */
export const rule: RuleDefinition = {
  id: 'rolesanywhere-trust-anchor-created',
  title: 'IAM Roles Anywhere trust anchor created or replaced',
  description:
    'A Roles Anywhere trust anchor was created or its certificate source replaced: whoever holds that certificate authority can mint certificates and assume every role trusting Roles Anywhere, from outside AWS.',
  severity: 'high',
  tags: ['attack.persistence', 'attack.t1098.001'],
  references: [
    'https://docs.aws.amazon.com/rolesanywhere/latest/APIReference/API_CreateTrustAnchor.html',
    'https://docs.aws.amazon.com/rolesanywhere/latest/APIReference/API_UpdateTrustAnchor.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.rolesanywhere-create-trust-anchor/',
  ],
  eventSource: 'rolesanywhere.amazonaws.com',
  eventNames: ['CreateTrustAnchor', 'UpdateTrustAnchor'],
  match: (r) => succeeded(r) && (r.eventName === 'CreateTrustAnchor' || params(r).source !== undefined),
};
