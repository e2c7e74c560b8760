import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { packedMatchGroups } from '../../lib/cli/packed-match-groups.js';
import type { MatchGroup } from '../../lib/model/correlation.js';
import { MatchBook } from '../../lib/rules/index.js';

const UUIDS = [
  '0a1b2c3d-0000-4000-8000-000000000001',
  '0a1b2c3d-0000-4000-8000-000000000002',
  '0a1b2c3d-0000-4000-8000-000000000003',
];

/** A file's groups as a detector leaves them: columns with room past their matches. */
const groupsOf = (correlationId: string, times: number[]): MatchGroup[] => {
  const book = new MatchBook();
  times.forEach((time, i) => {
    book.addMatch({
      correlationId,
      groupKey: `key-${i % 2}`,
      rule: i,
      time,
      eventId: UUIDS[i % UUIDS.length] as string,
      context: { account: '111122223333' },
    });
  });
  return book.groups;
};

/** What a reader of the groups sees: every match of every group, in order. */
const matchesOf = (groups: readonly MatchGroup[]) => new MatchBook(groups).matches();

describe('packedMatchGroups', () => {
  it('packs the columns of every group of an answer into one transferred buffer, each group cut to its matches', () => {
    // Prepare
    const results = [
      { matches: groupsOf('burst', [1000, 2000, 3000]) },
      {},
      { matches: groupsOf('chain', [4000, Number.NaN]) },
    ];
    const before = results.map((r) => (r.matches ? matchesOf(r.matches) : undefined));

    // Act
    const transfer = packedMatchGroups(results);
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(results, transfer);
    const received = receiveMessageOnPort(port2)?.message as typeof results;
    port1.close();

    // Assess
    expect(transfer).toHaveLength(1);
    const groups = received.flatMap((r) => r.matches ?? []);
    expect(groups.map((g) => [g.count, g.times.length, g.eventIds.length, g.rules.length])).toEqual([
      [2, 2, 8, 2],
      [1, 1, 4, 1],
      [1, 1, 4, 1],
      [1, 1, 4, 1],
    ]);
    expect(new Set(groups.flatMap((g) => [g.times.buffer, g.eventIds.buffer, g.rules.buffer])).size).toBe(1);
    expect(received.map((r) => (r.matches ? matchesOf(r.matches) : undefined))).toEqual(before);
  });

  it('lets a group taken from a packed answer grow without writing over the next group', () => {
    // Prepare
    const result = { matches: groupsOf('burst', [1000, 2000, 3000]) };
    packedMatchGroups([result]);
    const [first, second] = result.matches;
    const book = new MatchBook([first as MatchGroup, second as MatchGroup]);

    // Act
    book.add(first as MatchGroup, 9000, UUIDS[2] as string, 7, undefined, undefined, () => ({}));

    // Assess
    expect(book.matches().map((m) => [m.groupKey, m.time, m.rule])).toEqual([
      ['key-0', 1000, 0],
      ['key-0', 3000, 2],
      ['key-0', 9000, 7],
      ['key-1', 2000, 1],
    ]);
  });

  it('transfers nothing when no file has a match', () => {
    expect(packedMatchGroups([{}, { matches: [] }])).toEqual([]);
  });
});
