import { otherUserName, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Another user's access key activated: A principal set another IAM user's access key to Active: a disabled, forgotten key brought back to life is quiet persistence. */
export const rule: RuleDefinition = {
  id: 'iam-access-key-activated-for-other-user',
  title: "Another user's access key activated",
  description:
    "A principal set another IAM user's access key to Active: a disabled, forgotten key brought back to life is quiet persistence.",
  severity: 'medium',
  tags: ['attack.persistence', 'attack.t1098.001'],
  references: ['https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccessKey.html'],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['UpdateAccessKey'],
  match: (r) => succeeded(r) && params(r).status === 'Active' && otherUserName(r) !== undefined,
};
