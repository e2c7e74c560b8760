import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** RDS instance made publicly accessible: A DB instance was created, restored or modified with PubliclyAccessible = true. */
export const rule: RuleDefinition = {
  id: 'rds-instance-made-public',
  title: 'RDS instance made publicly accessible',
  description: 'A DB instance was created, restored or modified with PubliclyAccessible = true.',
  severity: 'high',
  tags: ['attack.initial-access', 'attack.t1190'],
  references: ['https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html'],
  eventSource: 'rds.amazonaws.com',
  eventNames: [
    'CreateDBInstance',
    'ModifyDBInstance',
    'RestoreDBInstanceFromDBSnapshot',
    'RestoreDBInstanceToPointInTime',
  ],
  match: (r) => succeeded(r) && params(r).publiclyAccessible === true,
};
