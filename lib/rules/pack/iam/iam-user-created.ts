import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** IAM user created: An IAM user was created: long-term credentials are a common persistence mechanism. */
export const rule: RuleDefinition = {
  id: 'iam-user-created',
  title: 'IAM user created',
  description: 'An IAM user was created: long-term credentials are a common persistence mechanism.',
  severity: 'low',
  tags: ['attack.persistence', 'attack.t1136.003'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html',
    'https://attack.mitre.org/techniques/T1136/003/',
  ],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['CreateUser'],
  match: (r) => succeeded(r),
};
