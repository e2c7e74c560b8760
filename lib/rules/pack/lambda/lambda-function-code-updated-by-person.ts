import { byPerson, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Lambda function code replaced by a person: A person (IAM user, root, federated or Identity Center user, or a console session) uploaded new code to a function. Deployments come from pipelines; hand-uploaded code is how a function is backdoored. */
export const rule: RuleDefinition = {
  id: 'lambda-function-code-updated-by-person',
  title: 'Lambda function code replaced by a person',
  description:
    'A person (IAM user, root, federated or Identity Center user, or a console session) uploaded new code to a function. Deployments come from pipelines; hand-uploaded code is how a function is backdoored.',
  severity: 'medium',
  tags: ['attack.persistence', 'attack.t1525'],
  references: [
    'https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html',
    'https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html',
  ],
  eventSource: 'lambda.amazonaws.com',
  eventNames: ['UpdateFunctionCode'],
  match: (r) => succeeded(r) && byPerson(r),
};
