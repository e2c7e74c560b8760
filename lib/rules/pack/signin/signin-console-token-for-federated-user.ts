import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Console sign-in token issued to a federation token session: A GetFederationToken session asked the federation endpoint for a console sign-in token: the way tools such as Pacu and aws_consoler turn stolen access keys into a console session. */
export const rule: RuleDefinition = {
  id: 'signin-console-token-for-federated-user',
  title: 'Console sign-in token issued to a federation token session',
  description:
    'A GetFederationToken session asked the federation endpoint for a console sign-in token: the way tools such as Pacu and aws_consoler turn stolen access keys into a console session.',
  severity: 'high',
  tags: ['attack.lateral-movement', 'attack.t1550.001'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_enable-console-custom-url.html',
    'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html',
  ],
  eventSource: 'signin.amazonaws.com',
  eventNames: ['GetSigninToken'],
  match: (r) => succeeded(r) && r.userIdentity?.type === 'FederatedUser',
};
