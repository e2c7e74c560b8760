import { describe, expect, it } from 'vitest';
import { viewOf } from '../../../lib/cloudtrail/record-view.js';
import type { CloudTrailRecord } from '../../../lib/model/record.js';
import { dedupFromPaths } from '../../../lib/rules/engine/compile-rule.js';
import { RecordAccess } from '../../../lib/rules/engine/record-access.js';

const keyOf = (dedup: ReturnType<typeof dedupFromPaths>, record: CloudTrailRecord): string => {
  const access = new RecordAccess();
  access.reset(viewOf(record));
  return dedup(access);
};

describe('dedupFromPaths', () => {
  it('gives every record the key of its own values when runs of equal values alternate', () => {
    // Prepare
    const dedup = dedupFromPaths(['recipientAccountId', 'userIdentity.arn', 'requestParameters']);
    const records: CloudTrailRecord[] = [
      { recipientAccountId: '1', userIdentity: { arn: 'a' }, requestParameters: { x: 1 } },
      { recipientAccountId: '1', userIdentity: { arn: 'a' }, requestParameters: { x: 1 } },
      { recipientAccountId: '1', userIdentity: { arn: 'b' }, requestParameters: { x: 2 } },
      { recipientAccountId: '1', userIdentity: { arn: 'b' }, requestParameters: { x: 3 } },
      { recipientAccountId: '2', userIdentity: { arn: 'b' } },
      { recipientAccountId: '1', userIdentity: { arn: 'a' }, requestParameters: { x: 1 } },
    ];
    // Act
    const keys = records.map((record) => keyOf(dedup, record));
    // Assess
    expect(keys).toEqual([
      '"1"|"a"|{"x":1}',
      '"1"|"a"|{"x":1}',
      '"1"|"b"|{"x":2}',
      '"1"|"b"|{"x":3}',
      '"2"|"b"|null',
      '"1"|"a"|{"x":1}',
    ]);
  });
});
