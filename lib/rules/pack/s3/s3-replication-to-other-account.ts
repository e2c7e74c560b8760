import { accountOf, asList, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** S3 replication to another account: A bucket replication rule sends objects to a bucket owned by a foreign account. */
export const rule: RuleDefinition = {
  id: 's3-replication-to-other-account',
  title: 'S3 replication to another account',
  description: 'A bucket replication rule sends objects to a bucket owned by a foreign account.',
  severity: 'high',
  tags: ['attack.exfiltration', 'attack.t1537'],
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketReplication.html'],
  eventSource: 's3.amazonaws.com',
  eventNames: ['PutBucketReplication'],
  match: (r) =>
    succeeded(r) &&
    asList((params(r).ReplicationConfiguration as { Rule?: unknown } | undefined)?.Rule).some((rule) => {
      const account = rule?.Destination?.Account;
      return typeof account === 'string' && account !== accountOf(r);
    }),
};
