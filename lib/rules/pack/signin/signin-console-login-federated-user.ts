import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Console sign-in as a federation token user: A federated user (a GetFederationToken session) signed in to the console. People sign in as IAM, SAML or Identity Center users; a federation-token console session usually means access keys turned into console access. */
export const rule: RuleDefinition = {
  id: 'signin-console-login-federated-user',
  title: 'Console sign-in as a federation token user',
  description:
    'A federated user (a GetFederationToken session) signed in to the console. People sign in as IAM, SAML or Identity Center users; a federation-token console session usually means access keys turned into console access.',
  severity: 'medium',
  tags: ['attack.lateral-movement', 'attack.t1550.001'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html#cloudtrail-integration_signin-tempcreds',
    'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html',
  ],
  eventSource: 'signin.amazonaws.com',
  eventNames: ['ConsoleLogin'],
  match: (r) => succeeded(r) && r.userIdentity?.type === 'FederatedUser',
};
