import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Lambda function code updated: New code was deployed to a function. Expected from CI; from a person or an unusual role it can be a backdoor. */
export const rule: RuleDefinition = {
  id: 'lambda-function-code-updated',
  title: 'Lambda function code updated',
  description:
    'New code was deployed to a function by a person or a role outside a deployment pipeline (not CloudFormation, not a role assumed through an OIDC provider such as GitHub Actions): it can be a backdoor.',
  severity: 'low',
  tags: ['attack.persistence', 'attack.t1525'],
  references: ['https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html'],
  eventSource: 'lambda.amazonaws.com',
  eventNames: ['UpdateFunctionCode'],
  // A deployment pipeline is expected to ship code: CloudFormation (or another service) acting
  // for the caller, or a role assumed through an OIDC provider (GitHub Actions, GitLab, …).
  match: (r) =>
    succeeded(r) &&
    r.userIdentity?.invokedBy === undefined &&
    r.userIdentity?.sessionContext?.webIdFederationData?.federatedProvider === undefined,
};
