import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Session token requested with root credentials: GetSessionToken was called with root access keys: someone uses the root user from code, and the session keeps working after the root key is deleted. */
export const rule: RuleDefinition = {
  id: 'sts-session-token-by-root',
  title: 'Session token requested with root credentials',
  description:
    'GetSessionToken was called with root access keys: someone uses the root user from code, and the session keeps working after the root key is deleted.',
  severity: 'high',
  tags: ['attack.persistence', 'attack.t1078.004'],
  references: [
    'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-best-practices.html',
  ],
  eventSource: 'sts.amazonaws.com',
  eventNames: ['GetSessionToken'],
  match: (r) => succeeded(r) && r.userIdentity?.type === 'Root',
};
