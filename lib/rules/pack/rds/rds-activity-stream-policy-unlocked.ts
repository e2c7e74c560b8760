import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** RDS activity stream audit policy unlocked: An Oracle or SQL Server database activity stream's audit policy was unlocked, so the database's own audit settings can be changed to hide activity from the stream. */
export const rule: RuleDefinition = {
  id: 'rds-activity-stream-policy-unlocked',
  title: 'RDS activity stream audit policy unlocked',
  description:
    "An Oracle or SQL Server database activity stream's audit policy was unlocked, so the database's own audit settings can be changed to hide activity from the stream.",
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.008'],
  references: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyActivityStream.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/DBActivityStreams.Modifying.html',
  ],
  eventSource: 'rds.amazonaws.com',
  eventNames: ['ModifyActivityStream'],
  match: (r) => succeeded(r) && params(r).auditPolicyState === 'unlocked',
};
