import { accountOf, arnAccount, asList, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/**
 * Accounts AWS publishes layers from, whose layers are expected in functions: Lambda Insights
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Lambda-Insights-extension-versionsx86-64.html)
 * and Powertools for AWS Lambda (https://docs.powertools.aws.dev/lambda/python/latest/#lambda-layer).
 */
const AWS_LAYER_PUBLISHERS = new Set(['580247275435', '017000801446']);

/** The layer ARNs a call sets: strings, or `{ arn }` objects. */
const layerArns = (layers: unknown): string[] =>
  asList(layers)
    .map((layer) => (typeof layer === 'string' ? layer : layer?.arn))
    .filter((arn): arn is string => typeof arn === 'string');

/** Lambda layer from another account: A function was created or configured with a layer published by a foreign account (AWS's own layer accounts excepted): code controlled by someone else now runs inside the function, with its role and data. */
export const rule: RuleDefinition = {
  id: 'lambda-layer-from-other-account',
  title: 'Lambda layer from another account',
  description:
    "A function was created or configured with a layer published by a foreign account (AWS's own layer accounts excepted): code controlled by someone else now runs inside the function, with its role and data.",
  severity: 'high',
  tags: ['attack.persistence', 'attack.t1525'],
  references: [
    'https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html',
    'https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html',
    'https://docs.aws.amazon.com/lambda/latest/dg/chapter-layers.html',
  ],
  eventSource: 'lambda.amazonaws.com',
  eventNames: ['UpdateFunctionConfiguration', 'CreateFunction'],
  match: (r) =>
    succeeded(r) &&
    layerArns(params(r).layers).some((arn) => {
      const owner = arnAccount(arn);
      return owner !== undefined && owner !== accountOf(r) && !AWS_LAYER_PUBLISHERS.has(owner);
    }),
};
