import { madeByAwsService, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** RDS master user password changed: The master user password of a DB instance or cluster was set to a new value chosen by the caller: whoever set it can sign in as the database administrator. */
export const rule: RuleDefinition = {
  id: 'rds-master-password-changed',
  title: 'RDS master user password changed',
  description:
    'The master user password of a DB instance or cluster was set to a new value chosen by the caller: whoever set it can sign in as the database administrator.',
  severity: 'medium',
  tags: ['attack.persistence', 'attack.t1098', 'attack.credential-access', 'attack.t1556'],
  references: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBCluster.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ResetPassword.html',
  ],
  eventSource: 'rds.amazonaws.com',
  eventNames: ['ModifyDBInstance', 'ModifyDBCluster'],
  match: (r) => succeeded(r) && !madeByAwsService(r) && params(r).masterUserPassword !== undefined,
};
