import { fail, nameOf, trailWhere } from './helpers.js';
import type { TrailCheck } from './types.js';

/** The trail also delivers to a CloudWatch Logs group. */
export const check: TrailCheck<'cloudwatch-logs-off'> = {
  id: 'cloudwatch-logs-off',
  severity: 'info',
  title: 'Trail does not deliver to CloudWatch Logs (CIS profiles ask for it)',
  controls: ['CloudTrail.5', 'prowler:cloudtrail_cloudwatch_logging_enabled'],
  evaluate: ({ trail }) =>
    trail.description.CloudWatchLogsLogGroupArn
      ? []
      : [
          fail(check, {
            ...trailWhere(trail),
            evidence: { CloudWatchLogsLogGroupArn: null },
            remediation: `aws cloudtrail update-trail ${nameOf(trail)} --cloud-watch-logs-log-group-arn <log-group-arn> --cloud-watch-logs-role-arn <role-arn>`,
          }),
        ],
};
