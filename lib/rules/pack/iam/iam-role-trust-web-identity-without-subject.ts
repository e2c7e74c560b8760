import { params, policyStatements, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

const WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';

const actions = (action: unknown): unknown[] => (Array.isArray(action) ? action : [action]);

/** Whether a condition block tests a `…:sub` key (the token's subject: repository, service account, user). */
const limitsSubject = (condition: unknown): boolean =>
  typeof condition === 'object' &&
  condition !== null &&
  Object.values(condition).some(
    (test) => typeof test === 'object' && test !== null && Object.keys(test).some((key) => key.endsWith(':sub'))
  );

/** Role trusts a web identity provider for any subject: A role trust policy lets tokens of an OpenID Connect provider (GitHub Actions, EKS, Cognito, Google) assume the role without a condition on the token subject: every repository, service account or user of that provider can assume it. */
export const rule: RuleDefinition = {
  id: 'iam-role-trust-web-identity-without-subject',
  title: 'Role trusts a web identity provider for any subject',
  description:
    'A role trust policy lets tokens of an OpenID Connect provider (GitHub Actions, EKS, Cognito, Google) assume the role without a condition on the token subject: every repository, service account or user of that provider can assume it.',
  severity: 'high',
  tags: ['attack.persistence', 'attack.t1098'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html',
    'https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services',
  ],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['CreateRole', 'UpdateAssumeRolePolicy'],
  match: (r) =>
    succeeded(r) &&
    policyStatements(params(r).policyDocument ?? params(r).assumeRolePolicyDocument).some(
      (s) => s.Effect === 'Allow' && actions(s.Action).includes(WEB_IDENTITY) && !limitsSubject(s.Condition)
    ),
};
