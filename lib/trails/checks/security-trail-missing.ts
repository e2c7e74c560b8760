import { accountWhere, fail, isFullTrail, notEvaluated, someStateUnknown, UNKNOWN_STATE } from './helpers.js';
import type { AccountCheck } from './types.js';

/** Some full trail also has global service events, log file validation and a KMS key. */
export const check: AccountCheck<'security-trail-missing'> = {
  id: 'security-trail-missing',
  severity: 'medium',
  title:
    'No trail meets every security best practice (multi-region, global events, validation, KMS, all management events)',
  controls: ['prowler:cloudtrail_security_trail_enabled'],
  evaluate: ({ snapshot, trails }) => {
    if (trails.length === 0) return [];
    const secure = trails.some(
      (t) =>
        isFullTrail(t) &&
        t.description.IncludeGlobalServiceEvents === true &&
        t.description.LogFileValidationEnabled === true &&
        Boolean(t.description.KmsKeyId)
    );
    if (secure) return [];
    const where = accountWhere(snapshot, trails);
    if (someStateUnknown(trails)) {
      return [notEvaluated(check, where, 'cloudtrail:GetTrailStatus/GetEventSelectors', UNKNOWN_STATE)];
    }
    return [
      fail(check, {
        ...where,
        evidence: {
          trails: trails.map((t) => ({
            arn: t.arn,
            multiRegion: Boolean(t.description.IsMultiRegionTrail),
            globalServiceEvents: Boolean(t.description.IncludeGlobalServiceEvents),
            logFileValidation: Boolean(t.description.LogFileValidationEnabled),
            kmsKeyId: t.description.KmsKeyId ?? null,
            logging: t.logging,
            management: t.management,
          })),
        },
        remediation:
          'aws cloudtrail update-trail --name <trail> --is-multi-region-trail --include-global-service-events --enable-log-file-validation --kms-key-id <kms-key-arn>',
      }),
    ];
  },
};
