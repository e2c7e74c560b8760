import { asList, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** RDS snapshot made public: A DB or cluster snapshot's restore attribute was set to "all": anyone can restore the database. */
export const rule: RuleDefinition = {
  id: 'rds-snapshot-made-public',
  title: 'RDS snapshot made public',
  description: 'A DB or cluster snapshot\'s restore attribute was set to "all": anyone can restore the database.',
  severity: 'critical',
  tags: ['attack.exfiltration', 'attack.t1537'],
  references: ['https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBSnapshotAttribute.html'],
  eventSource: 'rds.amazonaws.com',
  eventNames: ['ModifyDBSnapshotAttribute', 'ModifyDBClusterSnapshotAttribute'],
  match: (r) => succeeded(r) && params(r).attributeName === 'restore' && asList(params(r).valuesToAdd).includes('all'),
};
