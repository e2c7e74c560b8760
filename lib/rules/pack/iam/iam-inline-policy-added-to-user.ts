import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Inline policy added to a user: An inline policy was put on an IAM user; inline user policies bypass policy review and are easy to miss. */
export const rule: RuleDefinition = {
  id: 'iam-inline-policy-added-to-user',
  title: 'Inline policy added to a user',
  description:
    'An inline policy was put on an IAM user; inline user policies bypass policy review and are easy to miss.',
  severity: 'low',
  tags: ['attack.persistence', 'attack.t1098'],
  references: ['https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html'],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['PutUserPolicy'],
  match: (r) => succeeded(r),
};
