import type { Alert } from '../model/alert.js';
import type { FirstSeenCandidate, FirstSeenDeps, FirstSeenJudge, StoredBaseline } from '../model/baseline.js';
import { BASELINE_EXTEND_SLACK_S, baselineExpiry, baselineId, entityMarkerId } from '../incidents/baseline-keys.js';

const before = (a: FirstSeenCandidate, b: FirstSeenCandidate): number =>
  a.time - b.time || a.eventId.localeCompare(b.eventId) || a.ruleId.localeCompare(b.ruleId);

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
  return async (candidates, source, firstEventTime) => {
    const nowMs = (deps.now?.() ?? new Date()).getTime();
    const usable = [...candidates].filter((c) => Number.isFinite(c.time)).sort(before);
    const fileStart = Math.min(
      ...[firstEventTime === undefined ? Number.NaN : Date.parse(firstEventTime), ...usable.map((c) => c.time)].filter(
        Number.isFinite
      )
    );
    if (usable.length === 0) {
      if (Number.isFinite(fileStart) && (knownStart === undefined || fileStart < knownStart)) {
        await deps.store.noteStart(fileStart);
        knownStart = fileStart;
      }
      return [];
    }
    // Earliest candidate per (rule, entity, key): the detector hands one per alert window.
    const byId = new Map<string, FirstSeenCandidate>();
    for (const c of usable) {
      const id = baselineId(c.ruleId, c.entity, c.key);
      if (!byId.has(id)) byId.set(id, c);
    }
    const markers = new Set(
      [...byId.values()].filter((c) => c.newEntity === 'learn').map((c) => entityMarkerId(c.ruleId, c.entity))
    );
    const read = await deps.store.read([...byId.keys(), ...markers]);
    const start = Math.min(read.deploymentStart ?? Number.POSITIVE_INFINITY, fileStart);
    const writes: Promise<unknown>[] = [];
    if (read.deploymentStart === undefined || start < read.deploymentStart) writes.push(deps.store.noteStart(start));
    knownStart = start;
    const learningEnds = start + deps.learningMs;
    const seenHere = new Set<string>();
    const claims: Array<{ candidate: FirstSeenCandidate; alerts: boolean; claim: Promise<boolean> }> = [];
    const retried: Alert[] = [];
    for (const [id, c] of byId) {
      const expiresAt = baselineExpiry(c.time, nowMs);
      const stored = read.baselines.get(id);
      const markerId = entityMarkerId(c.ruleId, c.entity);
      const marker = read.baselines.get(markerId);
      const entityKnown =
        c.newEntity === 'alert' || seenHere.has(markerId) || (marker !== undefined && marker.source !== source);
      seenHere.add(markerId);
      if (stored !== undefined) {
        if (stored.source === source) {
          if (stored.alerted) retried.push(firstSeenAlert(c, stored.firstSeen, learningEnds));
        } else if (stored.expiresAt < expiresAt - BASELINE_EXTEND_SLACK_S)
          writes.push(deps.store.extend(id, expiresAt));
        continue;
      }
      const alerts = c.time >= learningEnds && entityKnown;
      const baseline: StoredBaseline = {
        id,
        ruleId: c.ruleId,
        entity: c.entity,
        key: c.key,
        firstSeen: new Date(c.time).toISOString(),
        source,
        alerted: alerts,
        expiresAt,
      };
      claims.push({ candidate: c, alerts, claim: deps.store.claim(baseline) });
      if (c.newEntity === 'learn' && marker === undefined)
        writes.push(
          deps.store.claim({
            id: markerId,
            ruleId: c.ruleId,
            entity: c.entity,
            firstSeen: baseline.firstSeen,
            source,
            alerted: false,
            expiresAt,
          })
        );
      else if (marker !== undefined && marker.expiresAt < expiresAt - BASELINE_EXTEND_SLACK_S)
        writes.push(deps.store.extend(markerId, expiresAt));
    }
    const won = await Promise.all(claims.map((c) => c.claim));
    await Promise.all(writes);
    const fired = claims
      .filter((c, i) => won[i] && c.alerts)
      .map((c) => firstSeenAlert(c.candidate, new Date(c.candidate.time).toISOString(), learningEnds));
    return [...retried, ...fired].sort(
      (a, b) => a.firstSeen.localeCompare(b.firstSeen) || a.ruleId.localeCompare(b.ruleId) || a.id.localeCompare(b.id)
    );
  };
};

const firstSeenAlert = (c: FirstSeenCandidate, firstSeen: string, learningEnds: number): Alert => ({
  ...c.alert,
  details: {
    ...c.alert.details,
    firstSeen: { entity: c.entity, key: c.key, at: firstSeen, learningEnded: new Date(learningEnds).toISOString() },
  },
});
