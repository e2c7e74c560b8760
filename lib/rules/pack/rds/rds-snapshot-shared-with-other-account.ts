import { accountOf, asList, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** RDS snapshot shared with another account: A DB or cluster snapshot's restore attribute now includes a foreign account. */
export const rule: RuleDefinition = {
  id: 'rds-snapshot-shared-with-other-account',
  title: 'RDS snapshot shared with another account',
  description: "A DB or cluster snapshot's restore attribute now includes a foreign account.",
  severity: 'high',
  tags: ['attack.exfiltration', 'attack.t1537'],
  references: ['https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBClusterSnapshotAttribute.html'],
  eventSource: 'rds.amazonaws.com',
  eventNames: ['ModifyDBSnapshotAttribute', 'ModifyDBClusterSnapshotAttribute'],
  match: (r) =>
    succeeded(r) &&
    params(r).attributeName === 'restore' &&
    asList(params(r).valuesToAdd).some((v) => typeof v === 'string' && /^\d{12}$/.test(v) && v !== accountOf(r)),
};
