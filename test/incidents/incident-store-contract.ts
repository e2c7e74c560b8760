import { describe, expect, it } from 'vitest';
import {
  type Contribution,
  closeIfQuiet,
  DEFAULT_QUIET_MS,
  foldIncident,
  incidentKey,
} from '../../lib/incidents/fold-incident.js';
import type { Alert } from '../../lib/model/alert.js';
import type { IncidentStore, StoredIncident } from '../../lib/model/incident.js';
import type { Clock } from '../../lib/model/ports.js';

/** Makes a fresh, empty store on the given clock. */
export type StoreFactory = (now: Clock) => Promise<IncidentStore>;

export const T0 = Date.parse('2026-01-02T03:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** A detection alert of rule `rule-a` for one actor, as the rule engine shapes it. */
export const detection = (overrides: Partial<Alert> = {}): Alert => ({
  id: 'alert-1',
  category: 'detection',
  ruleId: 'rule-a',
  title: 'Rule A matched',
  severity: 'high',
  tags: ['attack.t1562.008'],
  account: '111122223333',
  count: 3,
  firstSeen: iso(T0),
  lastSeen: iso(T0 + 60_000),
  eventIds: ['e-1', 'e-2', 'e-3'],
  details: { dedupKey: '111122223333|alice' },
  ...overrides,
});

/** One source's contribution to the incident of `rule-a` and `dedupKey`. */
export const contribution = (overrides: Partial<Contribution> = {}, dedupKey = '111122223333|alice'): Contribution => ({
  key: incidentKey('rule-a', dedupKey),
  ruleId: 'rule-a',
  dedupKey,
  count: 3,
  firstSeen: iso(T0),
  lastSeen: iso(T0 + 60_000),
  eventIds: ['e-1', 'e-2', 'e-3'],
  severity: 'high',
  alert: () => detection({ details: { dedupKey } }),
  quietMs: DEFAULT_QUIET_MS,
  ...overrides,
});

/**
 * The semantics every IncidentStore keeps (lib/incidents/memory-store.ts defines them): writes
 * conditional on the version read, once per (incident, source) with `duplicate` before
 * `conflict`, expired incidents absent from their expiry second on and replaced whole, and
 * markSent only on the incident named; closings recorded with the item, listed by `listOpen`
 * until sent, and carried over when a new incident overwrites a quiet one.
 */
export const describeIncidentStoreContract = (name: string, makeStore: StoreFactory, enabled = true): void => {
  describe.skipIf(!enabled)(`${name} keeps the IncidentStore contract`, () => {
    const setUp = async () => {
      const clock = { ms: T0 + 120_000 };
      const store = await makeStore(() => new Date(clock.ms));
      const create = async (c: Contribution, source: string): Promise<StoredIncident> => {
        const { next, countDelta } = foldIncident(undefined, c, clock.ms);
        expect(await store.apply({ next, expectedVersion: undefined, countDelta, source })).toBe('applied');
        return next;
      };
      return { clock, store, create };
    };

    it('reads no incident under keys never written', async () => {
      // Prepare
      const { store } = await setUp();
      // Act
      const found = await store.get([contribution().key, 'never-written']);
      // Assess
      expect(found.size).toBe(0);
    });

    it('creates an incident and reads it back whole', async () => {
      // Prepare
      const { store, create } = await setUp();
      // Act
      const created = await create(contribution(), 'bucket/file-1');
      // Assess
      const found = await store.get([created.key]);
      expect(found.get(created.key)).toEqual(created);
      expect(created.steps).toEqual([expect.objectContaining({ lifecycle: 'opened', sent: false })]);
    });

    it('joins at the version read and adds the count', async () => {
      // Prepare
      const { clock, store, create } = await setUp();
      const created = await create(contribution({ count: 3 }), 'bucket/file-1');
      const joined = foldIncident(created, contribution({ count: 4, eventIds: ['e-4'] }), clock.ms);
      // Act
      const result = await store.apply({ ...joined, expectedVersion: 1, source: 'bucket/file-2' });
      // Assess
      expect(result).toBe('applied');
      const stored = (await store.get([created.key])).get(created.key);
      expect(stored).toEqual(joined.next);
      expect(stored).toMatchObject({ count: 7, version: 2, incidentId: created.incidentId });
    });

    /** Tries a change on an object the store handed out or was given; a store may hand out frozen objects. */
    const tryToChange = (change: () => void) => {
      try {
        change();
      } catch (error) {
        if (!(error instanceof TypeError)) throw error;
      }
    };

    it('keeps the stored incident whatever a reader or the writer does to its own object', async () => {
      // Prepare
      const { store, create } = await setUp();
      const created = await create(contribution(), 'bucket/file-1');
      const expected = structuredClone(created);
      const read = (await store.get([created.key])).get(created.key) as StoredIncident;
      const [listed] = await store.listOpen();
      // Act
      tryToChange(() => {
        read.count = 99;
      });
      tryToChange(() => read.eventIds.push('e-99'));
      tryToChange(() => {
        (read.steps[0] as StoredIncident['steps'][number]).sent = true;
      });
      tryToChange(() => read.alert.tags.push('changed'));
      tryToChange(() => {
        created.severity = 'low';
      });
      tryToChange(() => listed?.steps.pop());
      // Assess
      expect((await store.get([created.key])).get(created.key)).toEqual(expected);
      expect(await store.listOpen()).toEqual([expected]);
    });

    it('marks steps and closings sent without changing an incident read before', async () => {
      // Prepare
      const { store, create } = await setUp();
      const created = await create(contribution(), 'bucket/file-1');
      const closed = closeIfQuiet(created, T0 + DEFAULT_QUIET_MS + 120_000) as StoredIncident;
      await store.apply({ next: closed, expectedVersion: 1, countDelta: 0, source: 'closing' });
      const read = (await store.get([created.key])).get(created.key) as StoredIncident;
      const expected = structuredClone(read);
      // Act
      await store.markSent(created.key, created.incidentId, [created.steps[0]?.id ?? '']);
      await store.markClosingsSent(created.key, [closed.closings?.[0]?.id ?? '']);
      // Assess
      expect(read).toEqual(expected);
      const stored = (await store.get([created.key])).get(created.key);
      expect([stored?.steps[0]?.sent, stored?.closings?.[0]?.sent]).toEqual([true, true]);
    });

    it('answers conflict to a write at a stale version and keeps the stored incident', async () => {
      // Prepare
      const { clock, store, create } = await setUp();
      const created = await create(contribution(), 'bucket/file-1');
      const first = foldIncident(created, contribution({ count: 4 }), clock.ms);
      await store.apply({ ...first, expectedVersion: 1, source: 'bucket/file-2' });
      const stale = foldIncident(created, contribution({ count: 5 }), clock.ms);
      // Act
      const result = await store.apply({ ...stale, expectedVersion: 1, source: 'bucket/file-3' });
      // Assess
      expect(result).toBe('conflict');
      expect((await store.get([created.key])).get(created.key)).toEqual(first.next);
    });

    it('answers conflict to a create while a live incident exists', async () => {
      // Prepare
      const { clock, store, create } = await setUp();
      const created = await create(contribution(), 'bucket/file-1');
      const again = foldIncident(undefined, contribution({ count: 9 }), clock.ms);
      // Act
      const result = await store.apply({ ...again, expectedVersion: undefined, source: 'bucket/file-2' });
      // Assess
      expect(result).toBe('conflict');
      expect((await store.get([created.key])).get(created.key)).toEqual(created);
    });

    it('answers duplicate to a source folded in before, at the current or a stale version', async () => {
      // Prepare
      const { clock, store, create } = await setUp();
      const created = await create(contribution(), 'bucket/file-1');
      const retry = foldIncident(created, contribution(), clock.ms);
      // Act
      const current = await store.apply({ ...retry, expectedVersion: 1, source: 'bucket/file-1' });
      const stale = await store.apply({ ...retry, expectedVersion: 7, source: 'bucket/file-1' });
      // Assess
      expect([current, stale]).toEqual(['duplicate', 'duplicate']);
      expect((await store.get([created.key])).get(created.key)).toEqual(created);
    });

    it('folds one source into each of several incidents once', async () => {
      // Prepare
      const { store, create } = await setUp();
      const alice = await create(contribution(), 'bucket/file-1');
      // Act
      const bob = await create(contribution({}, '111122223333|bob'), 'bucket/file-1');
      // Assess
      const found = await store.get([alice.key, bob.key]);
      expect([...found.values()].map((i) => i.incidentId).sort()).toEqual([alice.incidentId, bob.incidentId].sort());
    });

    it('reads an incident as absent from its expiry second on', async () => {
      // Prepare
      const { clock, store, create } = await setUp();
      const created = await create(contribution(), 'bucket/file-1');
      // Act
      clock.ms = created.expiresAt * 1000 - 1;
      const before = await store.get([created.key]);
      clock.ms = created.expiresAt * 1000;
      const at = await store.get([created.key]);
      // Assess
      expect(before.get(created.key)).toEqual(created);
      expect(at.size).toBe(0);
    });

    it('replaces an expired incident whole: its count does not carry over', async () => {
      // Prepare
      const { clock, store, create } = await setUp();
      const old = await create(contribution({ count: 50 }), 'bucket/file-1');
      clock.ms = old.expiresAt * 1000 + 1_000;
      const later = iso(clock.ms - 60_000);
      const fresh = foldIncident(undefined, contribution({ count: 3, firstSeen: later, lastSeen: later }), clock.ms);
      // Act
      const result = await store.apply({ ...fresh, expectedVersion: undefined, source: 'bucket/file-2' });
      // Assess
      expect(result).toBe('applied');
      const stored = (await store.get([old.key])).get(old.key);
      expect(stored).toEqual(fresh.next);
      expect(stored).toMatchObject({ count: 3, version: 1 });
      expect(stored?.incidentId).not.toBe(old.incidentId);
    });

    it("answers conflict to a write at an expired incident's version", async () => {
      // Prepare
      const { clock, store, create } = await setUp();
      const old = await create(contribution(), 'bucket/file-1');
      const join = foldIncident(old, contribution({ count: 4 }), clock.ms);
      clock.ms = old.expiresAt * 1000;
      // Act
      const result = await store.apply({ ...join, expectedVersion: 1, source: 'bucket/file-2' });
      // Assess
      expect(result).toBe('conflict');
      expect((await store.get([old.key])).size).toBe(0);
    });

    it('marks the listed steps sent and leaves the others', async () => {
      // Prepare
      const { clock, store, create } = await setUp();
      const created = await create(contribution({ count: 3 }), 'bucket/file-1');
      const escalated = foldIncident(created, contribution({ count: 8 }), clock.ms);
      await store.apply({ ...escalated, expectedVersion: 1, source: 'bucket/file-2' });
      const [opened, raised] = escalated.next.steps;
      // Act
      await store.markSent(created.key, created.incidentId, [opened?.id ?? '']);
      // Assess
      const stored = (await store.get([created.key])).get(created.key);
      expect(stored?.steps).toEqual([
        { ...opened, sent: true },
        { ...raised, lifecycle: 'escalated', escalation: 10, sent: false },
      ]);
      expect(stored).toEqual({ ...escalated.next, steps: stored?.steps });
    });

    it('leaves the steps alone when the key holds another incident, and creates nothing', async () => {
      // Prepare
      const { store, create } = await setUp();
      const created = await create(contribution(), 'bucket/file-1');
      const other = contribution({}, '111122223333|carol').key;
      // Act
      await store.markSent(
        created.key,
        'another-incident',
        created.steps.map((s) => s.id)
      );
      await store.markSent(
        other,
        created.incidentId,
        created.steps.map((s) => s.id)
      );
      // Assess
      expect((await store.get([created.key])).get(created.key)).toEqual(created);
      expect((await store.get([other])).size).toBe(0);
    });

    it('reads more keys than one batch holds, each once', async () => {
      // Prepare
      const { store, create } = await setUp();
      const created: StoredIncident[] = [];
      for (let i = 0; i < 101; i++)
        created.push(await create(contribution({}, `111122223333|user-${i}`), 'bucket/file-1'));
      const keys = created.map((c) => c.key);
      // Act
      const found = await store.get([...keys, ...keys.slice(0, 5), 'never-written']);
      // Assess
      expect(found.size).toBe(101);
      expect(created.map((c) => found.get(c.key))).toEqual(created);
    });

    /** The store's applyAll: every store of the contract has one. */
    const applyAllOf = (store: IncidentStore) => {
      const applyAll = store.applyAll?.bind(store);
      if (applyAll === undefined) throw new Error(`${name} has no applyAll`);
      return applyAll;
    };
    const fresh = (dedupKey: string, source: string) => {
      const { next, countDelta } = foldIncident(undefined, contribution({}, dedupKey), T0 + 120_000);
      return { next, expectedVersion: undefined, countDelta, source };
    };

    it('writes several incidents of one source together, and each once', async () => {
      // Prepare
      const { clock, store, create } = await setUp();
      const alice = await create(contribution(), 'bucket/file-1');
      const joined = foldIncident(alice, contribution({ count: 4 }), clock.ms);
      const writes = [
        { ...joined, expectedVersion: 1, source: 'bucket/file-2' },
        fresh('111122223333|bob', 'bucket/file-2'),
        fresh('111122223333|carol', 'bucket/file-2'),
      ];
      // Act
      const first = await applyAllOf(store)(writes);
      const again = await applyAllOf(store)(writes);
      // Assess
      expect(first).toEqual(['applied', 'applied', 'applied']);
      expect(again).toEqual(['duplicate', 'duplicate', 'duplicate']);
      const found = await store.get(writes.map((w) => w.next.key));
      expect(writes.map((w) => found.get(w.next.key))).toEqual(writes.map((w) => w.next));
      expect(found.get(alice.key)?.count).toBe(7);
    });

    it('writes none of several incidents when one lost its race, and says which lost', async () => {
      // Prepare
      const { clock, store, create } = await setUp();
      const alice = await create(contribution(), 'bucket/file-1');
      const stale = foldIncident(alice, contribution({ count: 4 }), clock.ms);
      // Act
      const results = await applyAllOf(store)([
        { ...stale, expectedVersion: 7, source: 'bucket/file-2' },
        fresh('111122223333|bob', 'bucket/file-2'),
      ]);
      // Assess
      expect(results).toEqual(['conflict', 'unapplied']);
      const found = await store.get([alice.key, contribution({}, '111122223333|bob').key]);
      expect([...found.values()]).toEqual([alice]);
    });

    it('answers duplicate to a write of a source applied before alone, whichever way it went', async () => {
      // Prepare
      const { clock, store, create } = await setUp();
      const alice = await create(contribution(), 'bucket/file-1');
      const retry = foldIncident(alice, contribution(), clock.ms);
      // Act
      const results = await applyAllOf(store)([{ ...retry, expectedVersion: 1, source: 'bucket/file-1' }]);
      // Assess
      expect(results).toEqual(['duplicate']);
      expect((await store.get([alice.key])).get(alice.key)).toEqual(alice);
    });

    it('writes more incidents of one source than one transaction holds', async () => {
      // Prepare
      const { store } = await setUp();
      const writes = Array.from({ length: 120 }, (_, i) => fresh(`111122223333|user-${i}`, 'bucket/file-1'));
      // Act
      const results = await applyAllOf(store)(writes);
      // Assess
      expect(new Set(results)).toEqual(new Set(['applied']));
      const found = await store.get(writes.map((w) => w.next.key));
      expect(writes.map((w) => found.get(w.next.key))).toEqual(writes.map((w) => w.next));
    });

    const byKey = (incidents: readonly StoredIncident[]) => [...incidents].sort((a, b) => a.key.localeCompare(b.key));

    it('lists the live incidents not closed, and no source markers', async () => {
      // Prepare
      const { store, create } = await setUp();
      const alice = await create(contribution(), 'bucket/file-1');
      const bob = await create(contribution({}, '111122223333|bob'), 'bucket/file-2');
      // Act
      const open = await store.listOpen();
      // Assess
      expect(byKey(open)).toEqual(byKey([alice, bob]));
    });

    it('records a closing decided once, lists it until sent, then no more', async () => {
      // Prepare
      const { store, create } = await setUp();
      const created = await create(contribution(), 'bucket/file-1');
      const closed = closeIfQuiet(created, T0 + DEFAULT_QUIET_MS + 120_000) as StoredIncident;
      // Act
      const decided = await store.apply({ next: closed, expectedVersion: 1, countDelta: 0, source: 'closing' });
      const again = await store.apply({ next: closed, expectedVersion: 2, countDelta: 0, source: 'closing' });
      const listed = await store.listOpen();
      await store.markClosingsSent(created.key, [closed.closings?.[0]?.id ?? '']);
      // Assess
      expect([decided, again]).toEqual(['applied', 'duplicate']);
      expect(listed).toEqual([closed]);
      expect(closed.closings).toEqual([
        expect.objectContaining({
          incidentId: created.incidentId,
          closedAt: iso(T0 + 60_000 + DEFAULT_QUIET_MS),
          sent: false,
        }),
      ]);
      const stored = (await store.get([created.key])).get(created.key);
      expect(stored?.closings).toEqual([{ ...closed.closings?.[0], sent: true }]);
      expect(await store.listOpen()).toEqual([]);
    });

    it("carries a quiet incident's closing into the new incident over it, and marks it sent there", async () => {
      // Prepare
      const { clock, store, create } = await setUp();
      const old = await create(contribution(), 'bucket/file-1');
      const later = iso(T0 + DEFAULT_QUIET_MS + 3_600_000);
      const reopened = foldIncident(
        old,
        contribution({ firstSeen: later, lastSeen: later, eventIds: ['e-9'] }),
        clock.ms
      );
      // Act
      const result = await store.apply({ ...reopened, expectedVersion: 1, source: 'bucket/file-2' });
      const carried = (await store.get([old.key])).get(old.key);
      await store.markClosingsSent(old.key, [reopened.next.closings?.[0]?.id ?? '']);
      // Assess
      expect(result).toBe('applied');
      expect(carried).toEqual(reopened.next);
      expect(carried?.incidentId).not.toBe(old.incidentId);
      expect(carried?.closings).toEqual([expect.objectContaining({ incidentId: old.incidentId, sent: false })]);
      expect(await store.listOpen()).toEqual([
        { ...reopened.next, closings: [{ ...carried?.closings?.[0], sent: true }] },
      ]);
    });

    it('lists a new incident written over one whose closing was sent', async () => {
      // Prepare: alice's incident closed and its closing sent
      const { clock, store, create } = await setUp();
      const old = await create(contribution(), 'bucket/file-1');
      const closed = closeIfQuiet(old, T0 + DEFAULT_QUIET_MS + 120_000) as StoredIncident;
      await store.apply({ next: closed, expectedVersion: 1, countDelta: 0, source: 'closing' });
      await store.markClosingsSent(old.key, [closed.closings?.[0]?.id ?? '']);
      const stored = (await store.get([old.key])).get(old.key) as StoredIncident;
      const later = iso(T0 + DEFAULT_QUIET_MS + 3_600_000);
      const reopened = foldIncident(
        stored,
        contribution({ firstSeen: later, lastSeen: later, eventIds: ['e-9'] }),
        clock.ms
      );
      // Act
      await store.apply({ ...reopened, expectedVersion: 2, source: 'bucket/file-2' });
      const open = await store.listOpen();
      // Assess
      expect(reopened.next.closings).toBeUndefined();
      expect(open).toEqual([reopened.next]);
    });

    it('marks no closing under a key that does not hold it, and creates nothing', async () => {
      // Prepare
      const { store, create } = await setUp();
      const created = await create(contribution(), 'bucket/file-1');
      const other = contribution({}, '111122223333|carol').key;
      // Act
      await store.markClosingsSent(created.key, ['no-such-closing']);
      await store.markClosingsSent(other, ['no-such-closing']);
      // Assess
      expect((await store.get([created.key])).get(created.key)).toEqual(created);
      expect((await store.get([other])).size).toBe(0);
    });

    it('leaves expired incidents out of the list', async () => {
      // Prepare
      const { clock, store, create } = await setUp();
      const created = await create(contribution(), 'bucket/file-1');
      clock.ms = created.expiresAt * 1000;
      // Act
      const open = await store.listOpen();
      // Assess
      expect(open).toEqual([]);
    });
  });
};
