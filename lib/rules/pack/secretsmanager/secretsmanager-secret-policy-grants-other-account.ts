import { grantsOtherAccount, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Secret shared with another account: A secret's resource policy lets a principal of a foreign account use it: the secret can be read from outside the account. */
export const rule: RuleDefinition = {
  id: 'secretsmanager-secret-policy-grants-other-account',
  title: 'Secret shared with another account',
  description:
    "A secret's resource policy lets a principal of a foreign account use it: the secret can be read from outside the account.",
  severity: 'high',
  tags: ['attack.credential-access', 'attack.t1555.006'],
  references: [
    'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutResourcePolicy.html',
    'https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html',
  ],
  eventSource: 'secretsmanager.amazonaws.com',
  eventNames: ['PutResourcePolicy'],
  match: (r) => succeeded(r) && grantsOtherAccount(params(r).resourcePolicy, r),
};
