import { succeeded, viaAwsService } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Secret rotation turned off: Automatic rotation of a secret was cancelled: a stolen copy of the secret keeps working indefinitely. */
export const rule: RuleDefinition = {
  id: 'secretsmanager-rotation-cancelled',
  title: 'Secret rotation turned off',
  description: 'Automatic rotation of a secret was cancelled: a stolen copy of the secret keeps working indefinitely.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562'],
  references: [
    'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CancelRotateSecret.html',
    'https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html',
  ],
  eventSource: 'secretsmanager.amazonaws.com',
  eventNames: ['CancelRotateSecret'],
  match: (r) => succeeded(r) && !viaAwsService(r),
};
