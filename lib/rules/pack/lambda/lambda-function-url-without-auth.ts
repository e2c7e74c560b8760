import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Lambda function URL without authentication: A function URL was created or updated with AuthType NONE: anyone on the internet can invoke the function. */
export const rule: RuleDefinition = {
  id: 'lambda-function-url-without-auth',
  title: 'Lambda function URL without authentication',
  description:
    'A function URL was created or updated with AuthType NONE: anyone on the internet can invoke the function.',
  severity: 'high',
  tags: ['attack.initial-access', 'attack.t1190'],
  references: ['https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunctionUrlConfig.html'],
  eventSource: 'lambda.amazonaws.com',
  eventNames: ['CreateFunctionUrlConfig', 'UpdateFunctionUrlConfig'],
  match: (r) => succeeded(r) && params(r).authType === 'NONE',
};
