import type { IncidentStore, IncidentWrite, IncidentWriteResult, StoredIncident } from '../model/incident.js';
import { isClosed, isLive } from './fold-incident.js';

/** The serialisable state of a {@link memoryIncidentStore}: what `--state FILE` keeps. */
export type IncidentState = {
  incidents: Record<string, StoredIncident>;
  /** `incidentId ␀ source` of every source folded in, per incident. */
  sources: Record<string, string[]>;
};

/**
 * Incidents in memory for one run (the CLI), with the same semantics as the DynamoDB table:
 * conditional on the version read, once per (incident, source), expired items read as absent.
 * @param state - a previous run's state (`--state FILE`), taken over
 * @param now - the clock that decides expiry
 */
export const memoryIncidentStore = (
  state: IncidentState = { incidents: {}, sources: {} },
  now: () => Date = () => new Date()
): Required<IncidentStore> & { state: () => IncidentState } => {
  const incidents = new Map(Object.entries(state.incidents));
  const sources = new Map(Object.entries(state.sources).map(([id, list]) => [id, new Set(list)]));
  /** What applying `write` would answer, without applying it. */
  const judge = (write: IncidentWrite): IncidentWriteResult => {
    const stored = incidents.get(write.next.key);
    const live = stored !== undefined && isLive(stored, now().getTime()) ? stored : undefined;
    if (sources.get(write.next.incidentId)?.has(write.source)) return 'duplicate';
    if (live?.version !== write.expectedVersion) return 'conflict';
    return 'applied';
  };
  const put = (write: IncidentWrite): void => {
    // A copy: markSent and markClosingsSent change the stored incident, never the caller's.
    incidents.set(write.next.key, structuredClone(write.next));
    const folded = sources.get(write.next.incidentId) ?? new Set<string>();
    folded.add(write.source);
    sources.set(write.next.incidentId, folded);
  };
  return {
    get: async (keys) => {
      const found = new Map<string, StoredIncident>();
      for (const key of keys) {
        const incident = incidents.get(key);
        if (incident !== undefined && isLive(incident, now().getTime())) found.set(key, structuredClone(incident));
      }
      return found;
    },
    apply: async (write: IncidentWrite): Promise<IncidentWriteResult> => {
      const result = judge(write);
      if (result === 'applied') put(write);
      return result;
    },
    // One transaction: every write or none.
    applyAll: async (writes) => {
      const results = writes.map(judge);
      if (results.every((r) => r === 'applied')) {
        for (const w of writes) put(w);
        return results;
      }
      return results.map((r) => (r === 'applied' ? 'unapplied' : r));
    },
    markSent: async (key, incidentId, stepIds) => {
      const incident = incidents.get(key);
      if (incident === undefined || incident.incidentId !== incidentId) return;
      for (const s of incident.steps) if (stepIds.includes(s.id)) s.sent = true;
    },
    listOpen: async () => {
      const nowMs = now().getTime();
      return [...incidents.values()]
        .filter((i) => isLive(i, nowMs) && (!isClosed(i) || (i.closings ?? []).some((c) => !c.sent)))
        .map((i) => structuredClone(i));
    },
    markClosingsSent: async (key, closingIds) => {
      for (const c of incidents.get(key)?.closings ?? []) if (closingIds.includes(c.id)) c.sent = true;
    },
    state: () => {
      const nowMs = now().getTime();
      const live = [...incidents.entries()].filter(([, incident]) => isLive(incident, nowMs));
      const liveIds = new Set(live.map(([, incident]) => incident.incidentId));
      return {
        incidents: Object.fromEntries(live),
        sources: Object.fromEntries(
          [...sources.entries()].filter(([id]) => liveIds.has(id)).map(([id, set]) => [id, [...set]])
        ),
      };
    },
  };
};
