import { succeeded, viaAwsService } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Secret values read in a batch: BatchGetSecretValue returned up to 20 secret values in one call. Applications read the secret they need; a batch read is how secrets are dumped with few log lines. */
export const rule: RuleDefinition = {
  id: 'secretsmanager-batch-secret-values-read',
  title: 'Secret values read in a batch',
  description:
    'BatchGetSecretValue returned up to 20 secret values in one call. Applications read the secret they need; a batch read is how secrets are dumped with few log lines.',
  severity: 'medium',
  tags: ['attack.credential-access', 'attack.t1555.006'],
  references: [
    'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_BatchGetSecretValue.html',
    'https://aws.amazon.com/blogs/security/how-to-use-the-batchgetsecretsvalue-api-to-improve-your-client-side-applications-with-aws-secrets-manager/',
  ],
  eventSource: 'secretsmanager.amazonaws.com',
  eventNames: ['BatchGetSecretValue'],
  match: (r) => succeeded(r) && !viaAwsService(r),
};
