import { madeByAwsService, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** The region of an RDS ARN (`arn:aws:rds:eu-west-1:…`), if the identifier is one. */
const arnRegion = (value: unknown): string | undefined =>
  typeof value === 'string' ? /^arn:aws[a-z-]*:rds:([a-z0-9-]+):/.exec(value)?.[1] : undefined;

/** RDS snapshot copied from another region: A DB or cluster snapshot was copied in from another region: a copy outside the region where the database is watched, ready to be shared or restored. */
export const rule: RuleDefinition = {
  id: 'rds-snapshot-copied-from-other-region',
  title: 'RDS snapshot copied from another region',
  description:
    'A DB or cluster snapshot was copied in from another region: a copy outside the region where the database is watched, ready to be shared or restored.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1535', 'attack.t1578.001', 'attack.collection', 'attack.t1074.002'],
  references: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CopyDBSnapshot.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CopyDBClusterSnapshot.html',
  ],
  eventSource: 'rds.amazonaws.com',
  eventNames: ['CopyDBSnapshot', 'CopyDBClusterSnapshot'],
  match: (r) => {
    if (!succeeded(r) || madeByAwsService(r)) return false;
    const p = params(r);
    const source = arnRegion(p.sourceDBSnapshotIdentifier ?? p.sourceDBClusterSnapshotIdentifier) ?? p.sourceRegion;
    return typeof source === 'string' && source !== r.awsRegion;
  },
};
