import { denied, viaAwsService } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Secret read refused: A principal tried to read a secret value and was refused. Applications are granted the secrets they use; a refusal is a principal probing for secrets it should not have, and the attempt itself is the signal. */
export const rule: RuleDefinition = {
  id: 'secretsmanager-secret-read-denied',
  title: 'Secret read refused',
  description:
    'A principal tried to read a secret value and was refused. Applications are granted the secrets they use; a refusal is a principal probing for secrets it should not have, and the attempt itself is the signal.',
  severity: 'medium',
  tags: ['attack.credential-access', 'attack.t1555.006'],
  references: [
    'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html',
    'https://docs.aws.amazon.com/secretsmanager/latest/userguide/monitoring-cloudtrail.html',
  ],
  eventSource: 'secretsmanager.amazonaws.com',
  eventNames: ['GetSecretValue', 'BatchGetSecretValue'],
  match: (r) => denied(r) && !viaAwsService(r),
};
