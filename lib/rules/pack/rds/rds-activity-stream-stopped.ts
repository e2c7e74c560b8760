import { madeByAwsService, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** RDS database activity stream stopped: A database activity stream was stopped: the near-real-time audit feed of the database's queries and logins ends. */
export const rule: RuleDefinition = {
  id: 'rds-activity-stream-stopped',
  title: 'RDS database activity stream stopped',
  description:
    "A database activity stream was stopped: the near-real-time audit feed of the database's queries and logins ends.",
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.008'],
  references: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_StopActivityStream.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/DBActivityStreams.Disabling.html',
  ],
  eventSource: 'rds.amazonaws.com',
  eventNames: ['StopActivityStream'],
  match: (r) => succeeded(r) && !madeByAwsService(r),
};
