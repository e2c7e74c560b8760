import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Lambda function throttled to zero: A function got a reserved concurrency of 0: every invocation is throttled, which silently stops it (often a security responder or log shipper). */
export const rule: RuleDefinition = {
  id: 'lambda-function-throttled-to-zero',
  title: 'Lambda function throttled to zero',
  description:
    'A function got a reserved concurrency of 0: every invocation is throttled, which silently stops it (often a security responder or log shipper).',
  severity: 'medium',
  tags: ['attack.impact', 'attack.t1489'],
  references: ['https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionConcurrency.html'],
  eventSource: 'lambda.amazonaws.com',
  eventNames: ['PutFunctionConcurrency'],
  match: (r) => succeeded(r) && params(r).reservedConcurrentExecutions === 0,
};
