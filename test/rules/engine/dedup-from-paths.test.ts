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

  it('gives two head fields the key of their own values, objects and absent values included, as runs alternate', () => {
    // Prepare: the pack's usual account and principal; a parsed record's userIdentity.arn may be any JSON
    const dedup = dedupFromPaths(['recipientAccountId', 'userIdentity.arn']);
    const records: CloudTrailRecord[] = [
      { recipientAccountId: '1', userIdentity: { arn: 'a' } },
      { recipientAccountId: '1', userIdentity: { arn: 'a' } },
      { recipientAccountId: '1', userIdentity: { arn: 'b' } },
      { recipientAccountId: '2', userIdentity: { arn: 'a' } },
      {
        recipientAccountId: '1',
        userIdentity: { arn: { nested: 'a' } } as unknown as CloudTrailRecord['userIdentity'],
      },
      { recipientAccountId: '1' },
      { userIdentity: { arn: 'a' } },
      { recipientAccountId: '1', userIdentity: { arn: 'a' } },
    ];
    // Act
    const keys = records.map((record) => keyOf(dedup, record));
    // Assess
    expect(keys).toEqual([
      '"1"|"a"',
      '"1"|"a"',
      '"1"|"b"',
      '"2"|"a"',
      '"1"|{"nested":"a"}',
      '"1"|null',
      'null|"a"',
      '"1"|"a"',
    ]);
  });
});
