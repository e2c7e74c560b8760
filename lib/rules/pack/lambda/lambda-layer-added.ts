import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Lambda layer added to a function: A function configuration update sets layers: code from a layer runs inside the function. */
export const rule: RuleDefinition = {
  id: 'lambda-layer-added',
  title: 'Lambda layer added to a function',
  description: 'A function configuration update sets layers: code from a layer runs inside the function.',
  severity: 'low',
  tags: ['attack.persistence', 'attack.t1525'],
  references: ['https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html'],
  eventSource: 'lambda.amazonaws.com',
  eventNames: ['UpdateFunctionConfiguration'],
  match: (r) => succeeded(r) && Array.isArray(params(r).layers) && (params(r).layers as unknown[]).length > 0,
};
