import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Lambda function made invocable by anyone: A resource-based permission lets principal "*" call the function without a source ARN or account condition. */
export const rule: RuleDefinition = {
  id: 'lambda-permission-grants-public-invoke',
  title: 'Lambda function made invocable by anyone',
  description:
    'A resource-based permission lets principal "*" call the function without a source ARN or account condition.',
  severity: 'high',
  tags: ['attack.initial-access', 'attack.t1190'],
  references: ['https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html'],
  eventSource: 'lambda.amazonaws.com',
  eventNames: ['AddPermission'],
  match: (r) =>
    succeeded(r) &&
    params(r).principal === '*' &&
    params(r).sourceArn === undefined &&
    params(r).sourceAccount === undefined &&
    params(r).principalOrgID === undefined,
};
