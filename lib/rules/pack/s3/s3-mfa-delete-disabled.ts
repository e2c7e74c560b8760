import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** S3 MFA delete disabled: MFA delete was turned off on a versioned bucket: object versions can again be deleted, and versioning suspended, without a second factor. */
export const rule: RuleDefinition = {
  id: 's3-mfa-delete-disabled',
  title: 'S3 MFA delete disabled',
  description:
    'MFA delete was turned off on a versioned bucket: object versions can again be deleted, and versioning suspended, without a second factor.',
  severity: 'medium',
  tags: ['attack.impact', 'attack.t1490', 'attack.defense-evasion', 'attack.t1556.006'],
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketVersioning.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html',
  ],
  eventSource: 's3.amazonaws.com',
  eventNames: ['PutBucketVersioning'],
  match: (r) =>
    succeeded(r) &&
    (params(r).VersioningConfiguration as { MfaDelete?: unknown } | undefined)?.MfaDelete === 'Disabled',
};
