import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Lambda function code updated: New code was deployed to a function. Expected from CI; from a person or an unusual role it can be a backdoor. */
export const rule: RuleDefinition = {
  id: 'lambda-function-code-updated',
  title: 'Lambda function code updated',
  description:
    'New code was deployed to a function. Expected from CI; from a person or an unusual role it can be a backdoor.',
  severity: 'low',
  tags: ['attack.persistence', 'attack.t1525'],
  references: ['https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html'],
  eventSource: 'lambda.amazonaws.com',
  eventNames: ['UpdateFunctionCode'],
  match: (r) => succeeded(r),
};
