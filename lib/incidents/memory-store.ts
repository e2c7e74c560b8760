import type {
  IncidentStore,
  IncidentWrite,
  IncidentWriteResult,
  LocalIncidentStore,
  StoredIncident,
} from '../model/incident.js';
import { deepFreeze } from '../model/deep-freeze.js';
import { isClosed, isLive } from './fold-incident.js';
import { applyAllOrNone } from './apply-all-or-none.js';
import { FoldedSources } from './folded-sources.js';

/** The serialisable state of a {@link memoryIncidentStore}: what `--state FILE` keeps. */
export type IncidentState = {
  incidents: Record<string, StoredIncident>;
  /** `incidentId ␀ source` of every source folded in, per incident. */
  sources: Record<string, string[]>;
};

/**
 * Which sources a memory store remembers per incident (or correlation state): `all` (the default,
 * and what `--state FILE` needs: a later run must know every file folded in), or `latest` for a
 * run that keeps no state and reads each source once (detect without --state), where a source
 * can only come again in the writes of its own fold, right after its own write (a file named
 * twice comes twice in a row: files are read in key order): one source per incident instead of
 * one per file, however many files the run reads.
 */
export type RememberedSources = 'all' | 'latest';

/**
 * Incidents in memory for one run (the CLI), with the same semantics as the DynamoDB table:
 * conditional on the version read, once per (incident, source), expired items read as absent.
 *
 * The store keeps what it is given and hands out what it keeps, frozen (deeply, in place): a
 * written `next` and every incident read can no longer be changed by anyone, so reads cost no
 * copy and markSent and markClosingsSent replace the stored incident instead of changing it.
 * @param state - a previous run's state (`--state FILE`), taken over
 * @param now - the clock that decides expiry
 * @param remember - the sources kept per incident (see {@link RememberedSources})
 */
export const memoryIncidentStore = (
  state: IncidentState = { incidents: {}, sources: {} },
  now?: () => Date,
  remember: RememberedSources = 'all'
): Required<IncidentStore> & LocalIncidentStore & { state: () => IncidentState } => {
  const incidents = new Map(Object.entries(state.incidents).map(([key, incident]) => [key, deepFreeze(incident)]));
  const sources = new FoldedSources(state.sources, remember);
  /** The clock in epoch ms (the system's without one given). */
  const clockMs = now === undefined ? Date.now : () => now().getTime();
  /** What applying `write` would answer, without applying it. */
  const judge = (write: IncidentWrite, nowMs: number): IncidentWriteResult => {
    const stored = incidents.get(write.next.key);
    const live = stored !== undefined && isLive(stored, nowMs) ? stored : undefined;
    if (sources.has(write.next.incidentId, write.source)) return 'duplicate';
    if (live?.version !== write.expectedVersion) return 'conflict';
    return 'applied';
  };
  const put = (write: IncidentWrite): void => {
    incidents.set(write.next.key, deepFreeze(write.next));
    sources.add(write.next.incidentId, write.source);
  };
  const applyNow = (write: IncidentWrite): IncidentWriteResult => {
    const result = judge(write, clockMs());
    if (result === 'applied') put(write);
    return result;
  };
  return {
    get: async (keys) => {
      const found = new Map<string, StoredIncident>();
      const nowMs = clockMs();
      for (const key of keys) {
        const incident = incidents.get(key);
        if (incident !== undefined && isLive(incident, nowMs)) found.set(key, incident);
      }
      return found;
    },
    getNow: (key) => {
      const incident = incidents.get(key);
      return incident !== undefined && isLive(incident, clockMs()) ? incident : undefined;
    },
    apply: async (write: IncidentWrite): Promise<IncidentWriteResult> => applyNow(write),
    applyNow,
    applyAll: async (writes) => {
      // One clock for the whole batch, as one transaction is judged at one time.
      const nowMs = clockMs();
      return applyAllOrNone(writes, (write) => judge(write, nowMs), put);
    },
    markSent: async (key, incidentId, stepIds) => {
      const incident = incidents.get(key);
      if (incident === undefined || incident.incidentId !== incidentId) return;
      if (!incident.steps.some((s) => !s.sent && stepIds.includes(s.id))) return;
      const steps = incident.steps.map((s) => (!s.sent && stepIds.includes(s.id) ? { ...s, sent: true } : s));
      incidents.set(key, deepFreeze({ ...incident, steps }));
    },
    listOpen: async () => {
      const nowMs = clockMs();
      return [...incidents.values()].filter(
        (i) => isLive(i, nowMs) && (!isClosed(i) || (i.closings ?? []).some((c) => !c.sent))
      );
    },
    markClosingsSent: async (key, closingIds) => {
      const incident = incidents.get(key);
      if (incident?.closings === undefined) return;
      if (!incident.closings.some((c) => !c.sent && closingIds.includes(c.id))) return;
      const closings = incident.closings.map((c) => (!c.sent && closingIds.includes(c.id) ? { ...c, sent: true } : c));
      incidents.set(key, deepFreeze({ ...incident, closings }));
    },
    state: () => {
      const nowMs = clockMs();
      const live = [...incidents.entries()].filter(([, incident]) => isLive(incident, nowMs));
      const liveIds = new Set(live.map(([, incident]) => incident.incidentId));
      return {
        incidents: Object.fromEntries(live),
        sources: Object.fromEntries(
          [...sources.ids()].filter((id) => liveIds.has(id)).map((id) => [id, sources.list(id)])
        ),
      };
    },
  };
};
