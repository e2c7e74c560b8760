import { identityCenterRoleSession, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Console sign-in token minted from role credentials: A role session's access keys were exchanged at the federation endpoint for a console sign-in token: API credentials turned into a console session (as aws_consoler and Pacu do). Identity Center permission-set sessions are left out. */
export const rule: RuleDefinition = {
  id: 'signin-console-token-for-role-session',
  title: 'Console sign-in token minted from role credentials',
  description:
    "A role session's access keys were exchanged at the federation endpoint for a console sign-in token: API credentials turned into a console session (as aws_consoler and Pacu do). Identity Center permission-set sessions are left out.",
  severity: 'medium',
  tags: ['attack.discovery', 'attack.t1538'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_enable-console-custom-url.html',
    'https://attack.mitre.org/techniques/T1538/',
  ],
  eventSource: 'signin.amazonaws.com',
  eventNames: ['GetSigninToken'],
  match: (r) => succeeded(r) && r.userIdentity?.type === 'AssumedRole' && !identityCenterRoleSession(r),
};
