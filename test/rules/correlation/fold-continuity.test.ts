import { describe, expect, it } from 'vitest';
import type { CorrelationMatch, MatchGroup, StoredCorrelation } from '../../../lib/model/correlation.js';
import { MatchBook } from '../../../lib/rules/correlation/match-book.js';
import {
  type CorrelationRule,
  foldCorrelation,
  foldCorrelationInPlace,
  loadRuleSet,
  RuleEngine,
} from '../../../lib/rules/index.js';

const START = Date.parse('2026-01-02T10:00:00Z');

/** A small deterministic generator (mulberry32), so that every run folds the same files. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/**
 * Files of one group's matches: mostly later and later, some going back in time, some naming
 * an eventID seen before (kept still, or pruned long ago), a few empty, one past the most a state
 * keeps (and past the most a fold takes as objects), and many with one or two matches.
 */
const filesOf = (rule: CorrelationRule, count: number): CorrelationMatch[][] => {
  const next = random(7);
  const files: CorrelationMatch[][] = [];
  let clock = START;
  let id = 0;
  for (let f = 0; f < count; f++) {
    const size = f === 40 ? 3000 : next() < 0.5 ? Math.floor(next() * 3) : Math.floor(next() * 120);
    const matches: CorrelationMatch[] = [];
    for (let i = 0; i < size; i++) {
      clock += Math.floor(next() * 4000);
      const again = next() < 0.1 && id > 0;
      const eventId = `e${again ? Math.floor(next() * id) : id++}`;
      matches.push({
        correlationId: rule.id,
        groupKey: 'alice',
        rule: 0,
        time: next() < 0.05 ? clock - Math.floor(next() * 900_000) : clock,
        eventId,
        value: `v${Math.floor(next() * 40)}`,
        context: { account: '111122223333' },
      });
    }
    files.push(matches);
  }
  return files;
};

const correlation = (id: string): CorrelationRule => {
  const ruleSet = loadRuleSet({ dirs: [] });
  const rule = new RuleEngine(ruleSet.rules, { correlations: ruleSet.correlations }).correlations.get(id);
  if (rule === undefined) throw new Error(`no correlation ${id} in the pack`);
  return rule;
};

describe('folding one state file after file', () => {
  it.each(['discovery-burst', 'access-denied-burst'])(
    'gives %s the same states and alerts as folding each file into a copy of the state read',
    (id) => {
      // Prepare: the state as the memory store keeps it (the fold's own result), and as a store
      // that hands out copies (DynamoDB) would read it.
      const rule = correlation(id);
      let kept: StoredCorrelation | undefined;
      let copied: StoredCorrelation | undefined;
      let fired = 0;
      for (const [n, matches] of filesOf(rule, 120).entries()) {
        const options = { source: `file-${n}`, groupKey: 'alice', nowMs: START };
        // Act: a write that lost its race folds the same state read again, before it goes through.
        const lost = foldCorrelation(rule, kept, matches, options);
        const fromKept = foldCorrelation(rule, kept, matches, options);
        const fromCopy = foldCorrelation(rule, copied && structuredClone(copied), matches, options);
        // Assess
        expect(lost).toEqual(fromCopy);
        expect(fromKept).toEqual(fromCopy);
        kept = fromKept.next;
        copied = fromCopy.next;
        fired += fromKept.alerts.length;
      }
      expect(fired).toBeGreaterThan(0);
      expect(kept?.matches.length).toBeGreaterThan(64);
    }
  );

  it.each(['discovery-burst', 'access-denied-burst'])(
    'gives %s the same states and alerts whether its eventIDs are lowercase UUIDs (kept as numbers) or other texts',
    (id) => {
      // Prepare: the same files twice, their eventIDs as scattered lowercase UUIDs and in capitals
      // (no lowercase UUID, so kept as texts; capitals sort as lowercase does).
      const rule = correlation(id);
      const uuidOf = (eventId: string): string => {
        const n = Number(eventId.slice(1));
        const scattered = (Math.imul(n, 2654435761) >>> 0).toString(16).padStart(8, '0');
        return `${scattered}-0b4d-4c5e-9a6f-${n.toString(16).padStart(12, '0')}`;
      };
      const files = filesOf(rule, 120).map((matches) =>
        matches.map((m) => ({ ...m, correlationId: rule.id, eventId: uuidOf(m.eventId) }))
      );
      const capitals = files.map((matches) => matches.map((m) => ({ ...m, eventId: m.eventId.toUpperCase() })));
      // Alert ids hash the eventID's text: all else must be the same, letter case aside.
      const comparable = (value: unknown): string =>
        JSON.stringify(value, (key, v) => (key === 'id' ? undefined : v)).toLowerCase();
      let lower: StoredCorrelation | undefined;
      let upper: StoredCorrelation | undefined;
      let fired = 0;
      for (const [n, matches] of files.entries()) {
        const options = { source: `file-${n}`, groupKey: 'alice', nowMs: START };
        // Act
        const packed = foldCorrelation(rule, lower, matches, options);
        const texts = foldCorrelation(rule, upper, capitals[n] as CorrelationMatch[], options);
        // Assess
        expect(comparable(packed)).toBe(comparable(texts));
        lower = packed.next;
        upper = texts.next;
        fired += packed.alerts.length;
      }
      expect(fired).toBeGreaterThan(0);
      expect(lower?.matches.length).toBeGreaterThan(64);
    }
  );

  it.each(['discovery-burst', 'access-denied-burst'])(
    'gives %s the same states and alerts folded in place as folded into a new frozen state per file',
    (id) => {
      // Prepare: each file's matches in columns, as a detector hands them on
      const rule = correlation(id);
      const groupOf = (matches: readonly CorrelationMatch[]): MatchGroup => {
        const book = new MatchBook();
        const group = book.group(rule.id, 'alice');
        for (const m of matches) book.add(group, m.time, m.eventId, m.rule, m.value, m.chain, () => m.context);
        return group;
      };
      let pure: StoredCorrelation | undefined;
      let own: StoredCorrelation | undefined;
      let inPlace = 0;
      let fired = 0;
      for (const [n, matches] of filesOf(rule, 120).entries()) {
        const group = groupOf(matches);
        const options = { source: `file-${n}`, groupKey: 'alice', nowMs: START };
        const previous = own;
        const read = pure;
        // Act
        const frozen = foldCorrelation(rule, pure, group, options);
        const changed = foldCorrelationInPlace(rule, own, group, options);
        // Assess
        expect(changed.alerts).toEqual(frozen.alerts);
        expect(changed.chained).toEqual(frozen.chained);
        expect(changed.next).toEqual(frozen.next);
        expect(Object.isFrozen(changed.next.matches)).toBe(false);
        expect(read === undefined || Object.isFrozen(read.matches)).toBe(true);
        if (changed.next === previous) inPlace++;
        pure = frozen.next;
        own = changed.next;
        fired += frozen.alerts.length;
      }
      expect(fired).toBeGreaterThan(0);
      expect(inPlace).toBeGreaterThan(100);
      expect(own?.matches.length).toBeGreaterThan(64);
    }
  );
});
