import { madeByAwsService, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** IAM role attached to an RDS database: An IAM role was associated with a DB instance or cluster (S3 import or export, Lambda invocation): the database engine can now act with that role, e.g. write query results to S3. */
export const rule: RuleDefinition = {
  id: 'rds-iam-role-added',
  title: 'IAM role attached to an RDS database',
  description:
    'An IAM role was associated with a DB instance or cluster (S3 import or export, Lambda invocation): the database engine can now act with that role, e.g. write query results to S3.',
  severity: 'medium',
  tags: ['attack.privilege-escalation', 'attack.t1098.003', 'attack.exfiltration', 'attack.t1537'],
  references: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_AddRoleToDBInstance.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_AddRoleToDBCluster.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Integrating.SaveIntoS3.html',
  ],
  eventSource: 'rds.amazonaws.com',
  eventNames: ['AddRoleToDBInstance', 'AddRoleToDBCluster'],
  match: (r) => succeeded(r) && !madeByAwsService(r),
};
