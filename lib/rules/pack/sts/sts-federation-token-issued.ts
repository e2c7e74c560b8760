import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Federation token issued to an IAM user: An IAM user called GetFederationToken: the session outlives the deletion of the user's access key. */
export const rule: RuleDefinition = {
  id: 'sts-federation-token-issued',
  title: 'Federation token issued to an IAM user',
  description: "An IAM user called GetFederationToken: the session outlives the deletion of the user's access key.",
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1550.001'],
  references: ['https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html'],
  eventSource: 'sts.amazonaws.com',
  eventNames: ['GetFederationToken'],
  match: (r) => succeeded(r) && r.userIdentity?.type === 'IAMUser',
};
