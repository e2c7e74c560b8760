import { byPerson, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Lambda execution role changed by a person: A person gave a function another execution role: whoever can change or invoke the function acts with that role's permissions, a known escalation through iam:PassRole. */
export const rule: RuleDefinition = {
  id: 'lambda-execution-role-changed-by-person',
  title: 'Lambda execution role changed by a person',
  description:
    "A person gave a function another execution role: whoever can change or invoke the function acts with that role's permissions, a known escalation through iam:PassRole.",
  severity: 'medium',
  tags: ['attack.privilege-escalation', 'attack.t1098.003'],
  references: [
    'https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html',
    'https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html',
  ],
  eventSource: 'lambda.amazonaws.com',
  eventNames: ['UpdateFunctionConfiguration'],
  match: (r) => succeeded(r) && byPerson(r) && typeof params(r).role === 'string',
};
