import { fail, nameOf, trailWhere } from './helpers.js';
import type { TrailCheck } from './types.js';

/** The trail writes digest files. */
export const check: TrailCheck<'log-file-validation-off'> = {
  id: 'log-file-validation-off',
  severity: 'medium',
  title: 'Log file validation is off: no digest files, nothing to verify',
  controls: ['CloudTrail.4', 'prowler:cloudtrail_log_file_validation_enabled'],
  evaluate: ({ trail }) =>
    trail.description.LogFileValidationEnabled
      ? []
      : [
          fail(check, {
            ...trailWhere(trail),
            evidence: { LogFileValidationEnabled: trail.description.LogFileValidationEnabled ?? false },
            remediation: `aws cloudtrail update-trail ${nameOf(trail)} --enable-log-file-validation`,
          }),
        ],
};
