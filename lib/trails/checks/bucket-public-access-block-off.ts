import { BLOCK_SETTINGS, bucketWhere, fail, notEvaluated } from './helpers.js';
import type { BucketCheck } from './types.js';

/** The bucket turns on all four Block Public Access settings. */
export const check: BucketCheck<'bucket-public-access-block-off'> = {
  id: 'bucket-public-access-block-off',
  severity: 'medium',
  title: 'Trail bucket does not block all public access',
  controls: ['S3.8'],
  evaluate: ({ bucket, calls, trails }) => {
    const where = bucketWhere(bucket, trails);
    const block = calls.publicAccessBlock;
    if (block.status !== 'ok' && block.status !== 'absent') {
      return [notEvaluated(check, where, 's3:GetBucketPublicAccessBlock', block)];
    }
    const config = block.status === 'ok' ? block.value.PublicAccessBlockConfiguration : undefined;
    const off = BLOCK_SETTINGS.filter((s) => config?.[s] !== true);
    if (off.length === 0) return [];
    return [
      fail(check, {
        ...where,
        evidence: {
          publicAccessBlock: config ?? null,
          settingsOff: off,
          ...(block.status === 'absent' && { code: block.code }),
          note: 'an account-level Block Public Access setting may still apply',
        },
        remediation: `aws s3api put-public-access-block --bucket ${bucket} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`,
      }),
    ];
  },
};
