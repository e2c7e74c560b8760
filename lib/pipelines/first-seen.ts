import type { Alert } from '../model/alert.js';
import type { FirstSeenCandidate, FirstSeenDeps, FirstSeenJudge, StoredBaseline } from '../model/baseline.js';
import { BASELINE_EXTEND_SLACK_S, baselineExpiry, baselineId, entityMarkerId } from '../incidents/baseline-keys.js';

const before = (a: FirstSeenCandidate, b: FirstSeenCandidate): number =>
  a.time - b.time || a.eventId.localeCompare(b.eventId) || a.ruleId.localeCompare(b.ruleId);

/** The earlier of two times (epoch ms), either of which may be NaN or absent; NaN when neither is a time. */
const earlierOf = (a: number, b: number | undefined): number =>
  b === undefined || !Number.isFinite(b) ? a : Number.isFinite(a) && a < b ? a : b;

/**
 * Makes the judge of first-seen rules over a baseline store, for one process (a Lambda container,
 * a CLI run): it remembers the deployment start it has read or written, so a file with no
 * candidate costs no round trip once the start is known.
 *
 * For each source: one read of every candidate's baseline, entity marker and the deployment's
 * start; then every claim, expiry extension and start update issued together. A key is first
 * seen when this source's claim created its baseline; it alerts when its eventTime is at or
 * after the end of the learning period (the deployment's first eventTime + `learningMs`) and,
 * for rules whose `newEntity` is `learn`, the entity was seen before (in the store, or earlier in
 * this source). A source retried after its claims went through alerts again for exactly the
 * keys it alerted for the first time, with the same alert ids; concurrent sources claiming one
 * key alert once.
 * @param deps - the store, the learning period and the clock
 */
export const firstSeenJudge = (deps: FirstSeenDeps): FirstSeenJudge => {
  let knownStart: number | undefined;
  /**
   * Baselines this process has read or created: a baseline is never deleted before its expiry and
   * an expiry only moves later, so one known live needs no read until the expiry it had then.
   */
  const known = new Map<string, StoredBaseline>();
  const remember = (baseline: StoredBaseline) => {
    if (known.size >= MAX_KNOWN_BASELINES) known.clear();
    known.set(baseline.id, baseline);
  };
  return async (candidates, source, firstEventTime) => {
    const usable = candidates.filter((c) => Number.isFinite(c.time)).sort(before);
    // The candidates are sorted by time: the earliest is the first (no spread of a big file's list).
    const fileStart = earlierOf(
      firstEventTime === undefined ? Number.NaN : Date.parse(firstEventTime),
      usable[0]?.time
    );
    const writes: Promise<unknown>[] = [];
    if (Number.isFinite(fileStart) && (knownStart === undefined || fileStart < knownStart)) {
      writes.push(deps.store.noteStart(fileStart));
      knownStart = fileStart;
    }
    if (usable.length === 0) {
      // Most sources: no candidate, only the file's start to note.
      await Promise.all(writes);
      return [];
    }
    const nowMs = (deps.now?.() ?? new Date()).getTime();
    // Earliest candidate per (rule, entity, key): the detector hands one per alert window.
    const byId = new Map<string, FirstSeenCandidate>();
    for (const c of usable) {
      const id = baselineId(c.ruleId, c.entity, c.key);
      if (!byId.has(id)) byId.set(id, c);
    }
    const markers = new Set(
      [...byId.values()].filter((c) => c.newEntity === 'learn').map((c) => entityMarkerId(c.ruleId, c.entity))
    );
    const live = (id: string) => {
      const cached = known.get(id);
      return cached !== undefined && cached.expiresAt * 1000 > nowMs ? cached : undefined;
    };
    const unknown = [...byId.keys(), ...markers].filter((id) => live(id) === undefined);
    const baselines = new Map<string, StoredBaseline>();
    for (const id of [...byId.keys(), ...markers]) {
      const cached = live(id);
      if (cached !== undefined) baselines.set(id, cached);
    }
    if (unknown.length > 0) {
      // Only a file with a key this process has not seen live reads the store. The read takes the
      // deployment item too: a start this file notes lands first, so the read never meets the item
      // mid-write (DynamoDB writes an item atomically, but moto, which the tests run on, does not).
      await Promise.all(writes);
      const read = await deps.store.read(unknown);
      for (const [id, baseline] of read.baselines) {
        baselines.set(id, baseline);
        remember(baseline);
      }
      const start = Math.min(read.deploymentStart ?? Number.POSITIVE_INFINITY, knownStart ?? fileStart);
      if (Number.isFinite(start)) knownStart = start;
    }
    const learningEnds = (knownStart ?? fileStart) + deps.learningMs;
    const seenHere = new Set<string>();
    const claims: Array<{ candidate: FirstSeenCandidate; baseline: StoredBaseline; claim: Promise<boolean> }> = [];
    const retried: Alert[] = [];
    const extend = (baseline: StoredBaseline, expiresAt: number) => {
      if (baseline.expiresAt >= expiresAt - BASELINE_EXTEND_SLACK_S) return;
      writes.push(deps.store.extend(baseline.id, expiresAt));
      remember({ ...baseline, expiresAt });
    };
    for (const [id, c] of byId) {
      const expiresAt = baselineExpiry(c.time, nowMs);
      const stored = baselines.get(id);
      const markerId = entityMarkerId(c.ruleId, c.entity);
      const marker = baselines.get(markerId);
      const entityKnown =
        c.newEntity === 'alert' || seenHere.has(markerId) || (marker !== undefined && marker.source !== source);
      seenHere.add(markerId);
      if (stored !== undefined) {
        if (stored.source === source) {
          if (stored.alerted) retried.push(firstSeenAlert(c, stored.firstSeen, learningEnds));
        } else extend(stored, expiresAt);
        continue;
      }
      const baseline: StoredBaseline = {
        id,
        ruleId: c.ruleId,
        entity: c.entity,
        key: c.key,
        firstSeen: new Date(c.time).toISOString(),
        source,
        alerted: c.time >= learningEnds && entityKnown,
        expiresAt,
      };
      claims.push({ candidate: c, baseline, claim: deps.store.claim(baseline) });
      if (c.newEntity === 'learn' && marker === undefined) {
        const entityMarker: StoredBaseline = {
          id: markerId,
          ruleId: c.ruleId,
          entity: c.entity,
          firstSeen: baseline.firstSeen,
          source,
          alerted: false,
          expiresAt,
        };
        baselines.set(markerId, entityMarker);
        writes.push(deps.store.claim(entityMarker).then((created) => created && remember(entityMarker)));
      } else if (marker !== undefined) extend(marker, expiresAt);
    }
    const won = await Promise.all(claims.map((c) => c.claim));
    await Promise.all(writes);
    const fired: Alert[] = [];
    claims.forEach((c, i) => {
      if (!won[i]) return;
      remember(c.baseline);
      if (c.baseline.alerted) fired.push(firstSeenAlert(c.candidate, c.baseline.firstSeen, learningEnds));
    });
    return [...retried, ...fired].sort(
      (a, b) => a.firstSeen.localeCompare(b.firstSeen) || a.ruleId.localeCompare(b.ruleId) || a.id.localeCompare(b.id)
    );
  };
};

/** One judge per baseline store and process, so the deployment's start is read once per container. */
const judges = new WeakMap<FirstSeenDeps, FirstSeenJudge>();

/**
 * The process's judge of a baseline store ({@link firstSeenJudge}, made on first use): every flow
 * of a Lambda container (ingest, realtime, logs) given the same `deps` shares what it knows.
 * @param deps - the store, the learning period and the clock (ColdStartRules.firstSeen)
 * @example
 * const fired = await sharedFirstSeenJudge(deps.firstSeen)(candidates, source, firstEventTime);
 */
export const sharedFirstSeenJudge = (deps: FirstSeenDeps): FirstSeenJudge => {
  let judge = judges.get(deps);
  if (judge === undefined) {
    judge = firstSeenJudge(deps);
    judges.set(deps, judge);
  }
  return judge;
};

/** How many baselines a process keeps in mind before it forgets them all and reads again. */
const MAX_KNOWN_BASELINES = 100_000;

const firstSeenAlert = (c: FirstSeenCandidate, firstSeen: string, learningEnds: number): Alert => ({
  ...c.alert,
  details: {
    ...c.alert.details,
    firstSeen: { entity: c.entity, key: c.key, at: firstSeen, learningEnded: new Date(learningEnds).toISOString() },
  },
});
