import { describe, expect, it } from 'vitest';
import { packMatches, unpackMatches } from '../../lib/cli/packed-matches.js';
import type { CorrelationMatch } from '../../lib/model/correlation.js';

/** Matches of the detector's four shapes; the first two from one record (one context object). */
const sampleMatches = (): CorrelationMatch[] => {
  const shared = { account: '111122223333', region: 'us-east-1', principal: 'arn:aws:iam::111122223333:user/alice' };
  return [
    {
      correlationId: 'burst',
      groupKey: '"111122223333"',
      rule: 0,
      time: 1767312000000,
      eventId: 'e1',
      context: shared,
    },
    {
      correlationId: 'spray',
      groupKey: '"111122223333"',
      rule: 1,
      time: 1767312000000,
      eventId: 'e1',
      value: 'bob\u0000carol',
      context: shared,
    },
    {
      correlationId: 'chain',
      groupKey: '"203.0.113.10"',
      rule: 0,
      time: 1767312001000,
      eventId: 'e2',
      context: { sourceIPAddress: '203.0.113.10' },
      chain: { burst: '"111122223333"' },
    },
    {
      correlationId: 'count',
      groupKey: '"203.0.113.10"',
      rule: 2,
      time: Number.NaN,
      eventId: 'e3',
      value: 'x',
      context: {},
      chain: { spray: '"a"' },
    },
  ];
};

describe('packMatches', () => {
  it('gives back the same matches, properties in the same order, after a transfer to another thread', () => {
    // Prepare
    const matches = sampleMatches();
    const packed = packMatches(matches);
    // Act
    const moved = structuredClone(packed, { transfer: [packed.buffer] });
    const unpacked = unpackMatches(moved);
    // Assess
    expect(unpacked).toEqual(matches);
    expect(unpacked.map((m) => JSON.stringify(m))).toEqual(matches.map((m) => JSON.stringify(m)));
    expect(packed.buffer.byteLength).toBe(0);
  });

  it('keeps each distinct string and context once, and one context object per record', () => {
    // Prepare
    const matches = [...sampleMatches(), ...sampleMatches()];
    // Act
    const packed = packMatches(matches);
    const unpacked = unpackMatches(packed);
    // Assess
    expect(new Set(packed.strings).size).toBe(packed.strings.length);
    expect(packed.contexts.length).toBe(4 * 6);
    expect(unpacked[0]?.context).toBe(unpacked[1]?.context);
    expect(unpacked[0]?.context).not.toBe(unpacked[4]?.context);
  });

  it('packs no matches into an empty buffer', () => {
    // Prepare
    const packed = packMatches([]);
    // Act
    const unpacked = unpackMatches(packed);
    // Assess
    expect(unpacked).toEqual([]);
  });
});
