import { asList, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** RDS log exports to CloudWatch Logs disabled: A DB instance or cluster stopped publishing one or more engine logs (audit, error, general, postgresql…) to CloudWatch Logs. */
export const rule: RuleDefinition = {
  id: 'rds-log-exports-disabled',
  title: 'RDS log exports to CloudWatch Logs disabled',
  description:
    'A DB instance or cluster stopped publishing one or more engine logs (audit, error, general, postgresql…) to CloudWatch Logs.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.008'],
  references: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CloudwatchLogsExportConfiguration.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html',
  ],
  eventSource: 'rds.amazonaws.com',
  eventNames: ['ModifyDBInstance', 'ModifyDBCluster'],
  match: (r) =>
    succeeded(r) &&
    asList((params(r).cloudwatchLogsExportConfiguration as { disableLogTypes?: unknown } | undefined)?.disableLogTypes)
      .length > 0,
};
