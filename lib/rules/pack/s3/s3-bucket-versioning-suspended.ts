import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** S3 bucket versioning suspended: Versioning was suspended on a bucket: overwritten and deleted objects can no longer be recovered (a ransomware preparation step). */
export const rule: RuleDefinition = {
  id: 's3-bucket-versioning-suspended',
  title: 'S3 bucket versioning suspended',
  description:
    'Versioning was suspended on a bucket: overwritten and deleted objects can no longer be recovered (a ransomware preparation step).',
  severity: 'medium',
  tags: ['attack.impact', 'attack.t1490'],
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketVersioning.html',
    'https://attack.mitre.org/techniques/T1490/',
  ],
  eventSource: 's3.amazonaws.com',
  eventNames: ['PutBucketVersioning'],
  match: (r) =>
    succeeded(r) && (params(r).VersioningConfiguration as { Status?: string } | undefined)?.Status === 'Suspended',
};
