import { PRICES } from '../constants.js';
import { toCents } from '../usage-from-summaries.js';
import { bucketWhere, fail, kmsTrailsOf, notEvaluated } from './helpers.js';
import type { BucketCheck } from './types.js';

/** When a trail writes to the bucket with SSE-KMS, the bucket's default encryption has a Bucket Key. */
export const check: BucketCheck<'bucket-key-off'> = {
  id: 'bucket-key-off',
  severity: 'low',
  title: 'SSE-KMS without an S3 Bucket Key: one KMS request per log file',
  controls: [],
  evaluate: ({ bucket, calls, trails, usage }) => {
    const kmsTrails = kmsTrailsOf(trails);
    if (kmsTrails.length === 0) return [];
    const where = bucketWhere(bucket, trails);
    const encryption = calls.encryption;
    if (encryption.status !== 'ok' && encryption.status !== 'absent') {
      return [notEvaluated(check, where, 's3:GetEncryptionConfiguration', encryption)];
    }
    const rules = encryption.status === 'ok' ? (encryption.value.ServerSideEncryptionConfiguration?.Rules ?? []) : [];
    if (rules.some((r) => r.BucketKeyEnabled === true)) return [];
    const files = usage
      ? kmsTrails.reduce((sum, t) => sum + (usage.byTrail[t.arn]?.files ?? 0), 0) * usage.monthScale
      : null;
    // One GenerateDataKey when CloudTrail writes a file and one Decrypt when trailwatch reads it.
    const requests = files === null ? null : files * 2;
    return [
      fail(check, {
        ...where,
        evidence: {
          defaultEncryption: rules,
          kmsTrails: kmsTrails.map((t) => ({ arn: t.arn, kmsKeyId: t.description.KmsKeyId })),
          monthlyLogFiles: files === null ? null : Math.round(files),
          monthlyKmsRequests: requests === null ? null : Math.round(requests),
        },
        remediation: `aws s3api put-bucket-encryption --bucket ${bucket} --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"${kmsTrails[0]?.description.KmsKeyId}"},"BucketKeyEnabled":true}]}'`,
        monthlyCostUsd: requests === null ? null : toCents(requests * PRICES.kmsPerRequest),
      }),
    ];
  },
};
