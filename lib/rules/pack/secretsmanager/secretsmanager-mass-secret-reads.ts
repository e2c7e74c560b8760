import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Many secrets read by one principal: One principal read 20 or more secret values within 10 minutes: collection of credentials. */
export const rule: RuleDefinition = {
  id: 'secretsmanager-mass-secret-reads',
  title: 'Many secrets read by one principal',
  description: 'One principal read 20 or more secret values within 10 minutes: collection of credentials.',
  severity: 'high',
  tags: ['attack.credential-access', 'attack.t1555.006'],
  references: [
    'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html',
    'https://attack.mitre.org/techniques/T1555/006/',
  ],
  eventSource: 'secretsmanager.amazonaws.com',
  eventNames: ['GetSecretValue', 'BatchGetSecretValue'],
  match: (r) => succeeded(r),
  dedup: ['recipientAccountId', 'userIdentity.arn'],
  threshold: { count: 20, window: '10m' },
};
