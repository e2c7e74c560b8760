import { otherUserName, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Access key created for another user: A principal created an access key for a different IAM user: a classic way to keep access through someone else's identity. */
export const rule: RuleDefinition = {
  id: 'iam-access-key-created-for-other-user',
  title: 'Access key created for another user',
  description:
    "A principal created an access key for a different IAM user: a classic way to keep access through someone else's identity.",
  severity: 'high',
  tags: ['attack.persistence', 'attack.t1098.001'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html',
    'https://attack.mitre.org/techniques/T1098/001/',
  ],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['CreateAccessKey'],
  match: (r) => succeeded(r) && otherUserName(r) !== undefined,
};
