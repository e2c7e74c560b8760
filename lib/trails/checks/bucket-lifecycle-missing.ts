import { bucketWhere, fail, notEvaluated } from './helpers.js';
import type { BucketCheck } from './types.js';

/** The bucket has an enabled lifecycle rule. */
export const check: BucketCheck<'bucket-lifecycle-missing'> = {
  id: 'bucket-lifecycle-missing',
  severity: 'info',
  title: 'Trail bucket has no enabled lifecycle rule: logs are kept (and paid for) forever',
  controls: [],
  evaluate: ({ bucket, calls, trails }) => {
    const where = bucketWhere(bucket, trails);
    const lifecycle = calls.lifecycle;
    if (lifecycle.status !== 'ok' && lifecycle.status !== 'absent') {
      return [notEvaluated(check, where, 's3:GetLifecycleConfiguration', lifecycle)];
    }
    const rules = lifecycle.status === 'ok' ? (lifecycle.value.Rules ?? []) : [];
    if (rules.some((r) => r.Status === 'Enabled')) return [];
    return [
      fail(check, {
        ...where,
        evidence: { rules: rules.map((r) => ({ id: r.ID, status: r.Status })) },
        remediation: `aws s3api put-bucket-lifecycle-configuration --bucket ${bucket} --lifecycle-configuration '{"Rules":[{"ID":"trail-retention","Status":"Enabled","Filter":{"Prefix":""},"Transitions":[{"Days":90,"StorageClass":"GLACIER_IR"}],"Expiration":{"Days":2555},"NoncurrentVersionExpiration":{"NoncurrentDays":30}}]}'`,
      }),
    ];
  },
};
