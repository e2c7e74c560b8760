import { describe, expect, it } from 'vitest';
import { viewOf } from '../../../lib/cloudtrail/record-view.js';
import type { MatchGroup } from '../../../lib/model/correlation.js';
import { RecordAccess } from '../../../lib/rules/engine/record-access.js';
import { eventIdAt } from '../../../lib/rules/correlation/match-book.js';
import { loadRuleSet, MatchBook, RuleEngine } from '../../../lib/rules/index.js';
import { at, consoleLogin } from '../../helpers/correlation-records.js';

/** The matches one busy group gets in one very large file. */
const MATCHES = 450_000;

/** A UUID-form eventID, as CloudTrail writes them. */
const uuid = (i: number): string => `7f3c1e2a-0b4d-4c5e-9a6f-${i.toString(16).padStart(12, '0')}`;

/** Every object reachable from a value (arrays included), each once. */
const objectsIn = (value: unknown, seen = new Set<object>()): Set<object> => {
  if (typeof value !== 'object' || value === null || seen.has(value)) return seen;
  seen.add(value);
  if (ArrayBuffer.isView(value)) return seen;
  for (const child of Object.values(value)) objectsIn(child, seen);
  return seen;
};

describe('MatchBook', () => {
  it('keeps 450,000 matches of one correlation group in a fixed number of objects: the group, its context and its columns', () => {
    // Prepare: one failed sign-in of alice, repeated a second apart, as one file's records, each
    // through the correlation taps as the detector hands them a match of the burst's rule.
    const ruleSet = loadRuleSet({ dirs: [] });
    const engine = new RuleEngine(ruleSet.rules, { correlations: ruleSet.correlations });
    const [ruleId] = engine.correlations.get('console-login-failure-burst')?.rules ?? [];
    if (ruleId === undefined) throw new Error('console-login-failure-burst references no rule');
    const record = consoleLogin(at(0), 'Failure', 'alice', '203.0.113.9');
    const start = Date.parse(at(0));
    const access = new RecordAccess();
    const book = new MatchBook();
    // Act
    for (let i = 0; i < MATCHES; i++) {
      const eventTime = new Date(start + i * 1000).toISOString();
      access.reset(viewOf({ ...record, eventTime, eventID: uuid(i) }, i));
      engine.taps.collect(ruleId, access, book);
    }
    const groups = book.groups;
    // Assess
    const burst = groups.filter((g) => g.correlationId === 'console-login-failure-burst');
    expect(burst).toHaveLength(1);
    const group = burst[0] as MatchGroup;
    expect(group.count).toBe(MATCHES);
    expect(eventIdAt(group, MATCHES - 1)).toBe(uuid(MATCHES - 1));
    expect(group.context?.sourceIPAddress).toBe('203.0.113.9');
    // The group, its context and its three columns: nothing per match.
    expect(objectsIn(group).size).toBeLessThanOrEqual(5);
  });

  it('keeps the matches of a thousand small groups apart, each group in its own columns', () => {
    // Prepare: more groups than one shared buffer of first columns holds, their matches interleaved
    const book = new MatchBook();
    const context = { account: '111122223333' };
    const groups = 1000;
    // Act
    for (let round = 0; round < 3; round++)
      for (let g = 0; g < groups; g++)
        book.add(
          book.group('spray', `k${g}`),
          1000 * g + round,
          uuid(g * 10 + round),
          round,
          undefined,
          undefined,
          () => context
        );
    // Assess
    expect(book.groups).toHaveLength(groups);
    for (const [g, group] of book.groups.entries()) {
      expect(group.groupKey).toBe(`k${g}`);
      expect(group.count).toBe(3);
      expect([...group.times.subarray(0, 3)]).toEqual([1000 * g, 1000 * g + 1, 1000 * g + 2]);
      expect([...group.rules.subarray(0, 3)]).toEqual([0, 1, 2]);
      expect([0, 1, 2].map((i) => eventIdAt(group, i))).toEqual([0, 1, 2].map((r) => uuid(g * 10 + r)));
    }
  });

  it('keeps each counted value and each group in the order of its first match', () => {
    // Prepare
    const book = new MatchBook();
    const context = { account: '111122223333' };
    // Act
    for (let i = 0; i < 1000; i++) {
      const group = book.group('spray', i % 2 === 0 ? 'b' : 'a');
      book.add(
        group,
        1000 + i,
        `e${i}`,
        0,
        ['alice', 'bob'][i % 2 === 0 ? 0 : 1]?.concat(''),
        undefined,
        () => context
      );
    }
    // Assess
    expect(book.groups.map((g) => g.groupKey)).toEqual(['b', 'a']);
    expect(book.size).toBe(1000);
    expect(new Set(book.groups.flatMap((g) => g.values ?? []))).toEqual(new Set(['alice', 'bob']));
  });

  it('gives back each eventID as the record had it: lowercase UUIDs from their 16 bytes, any other text as it was', () => {
    // Prepare
    const ids = [
      '3038ebd2-c98a-4c65-9b6e-e22506292313',
      'E22506292313-9B6E-4C65-C98A-3038EBD2',
      '3038EBD2-C98A-4C65-9B6E-E22506292313',
      'e1',
      '',
      '3038ebd2-c98a-4c65-9b6e-e2250629231g',
      '3038ebd2+c98a-4c65-9b6e-e22506292313',
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
    ];
    const book = new MatchBook();
    const group = book.group('burst', 'k');
    // Act
    for (const [i, id] of ids.entries()) book.add(group, i, id, 0, undefined, undefined, () => ({}));
    // Assess
    expect(ids.map((_, i) => eventIdAt(group, i))).toEqual(ids);
    expect(group.eventIdTexts?.filter((t) => t !== undefined)).toHaveLength(6);
  });
});
