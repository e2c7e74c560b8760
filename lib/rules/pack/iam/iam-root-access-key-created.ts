import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Access key created for the root user: The root user created an access key for itself: long-term credentials with every permission in the account, which AWS advises never to have. */
export const rule: RuleDefinition = {
  id: 'iam-root-access-key-created',
  title: 'Access key created for the root user',
  description:
    'The root user created an access key for itself: long-term credentials with every permission in the account, which AWS advises never to have.',
  severity: 'high',
  tags: ['attack.persistence', 'attack.t1098.001'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_add-key.html',
  ],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['CreateAccessKey'],
  match: (r) => succeeded(r) && r.userIdentity?.type === 'Root' && params(r).userName === undefined,
};
