import { createHash } from 'node:crypto';
import { type Alert, type Severity, severityRank } from '../model/alert.js';
import type { IncidentLifecycle, IncidentStep, StoredIncident } from '../model/incident.js';

/** An incident closes after this long without a match, by eventTime (rules may set their own). */
export const DEFAULT_QUIET_MS = 24 * 3600_000;

/** How long a closed incident stays readable after its quiet period (DynamoDB TTL reclaims it later). */
export const RETAIN_MS = 7 * 24 * 3600_000;

/** The most eventIDs an incident lists. */
export const MAX_INCIDENT_EVENT_IDS = 10;

const sha = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 32);

/** Where the store keeps the incident of one cause: sha256(ruleId ␀ dedupKey)[0:32]. */
export const incidentKey = (ruleId: string, dedupKey: string): string => sha(`${ruleId}\u0000${dedupKey}`);

/**
 * A notification's id: sha256(incidentId ␀ lifecycle ␀ threshold)[0:32], so consumers that
 * de-duplicate on `id` (and FIFO topics) keep every escalation and drop only true repeats.
 * @param threshold - the count threshold crossed (0 when none), or the severity a step raised to
 */
export const notificationId = (incidentId: string, lifecycle: IncidentLifecycle, threshold: number | string): string =>
  sha(`${incidentId}\u0000${lifecycle}\u0000${threshold}`);

/** The highest of 10, 100, 1,000… that `count` reached, or 0 below 10. */
export const thresholdReached = (count: number): number => {
  let threshold = 0;
  for (let t = 10; t <= count; t *= 10) threshold = t;
  return threshold;
};

/** What one source (a log file, one event) adds to one incident. */
export type Contribution = {
  key: string;
  ruleId: string;
  dedupKey: string;
  /** Matches in the source; 0 from paths that open incidents early without counting (realtime). */
  count: number;
  firstSeen: string;
  lastSeen: string;
  /** The source's earliest eventIDs, earliest first. */
  eventIds: string[];
  severity: Severity;
  /** The source's alert for this cause (the first, when the source has several windows). */
  alert: Alert;
  quietMs: number;
};

/** The incident after a contribution, and the step (notification) the change decided, if any. */
export type Folded = { next: StoredIncident; countDelta: number; step?: IncidentStep };

const time = (iso: string): number => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
};

const step = (
  incidentId: string,
  lifecycle: IncidentLifecycle,
  escalation: number,
  severity: Severity,
  count: number,
  raisedTo?: Severity
): IncidentStep => ({
  id: notificationId(incidentId, lifecycle, raisedTo ?? escalation),
  lifecycle,
  escalation,
  severity,
  count,
  sent: false,
});

const expiresAt = (lastSeen: string, quietMs: number, nowMs: number): number =>
  Math.ceil((Math.max(time(lastSeen), nowMs) + quietMs + RETAIN_MS) / 1000);

/** The earliest eventIDs of two lists, earlier list first, each once (at most {@link MAX_INCIDENT_EVENT_IDS}). */
export const mergeEventIds = (earlier: readonly string[], later: readonly string[]): string[] =>
  [...new Set([...earlier, ...later])].slice(0, MAX_INCIDENT_EVENT_IDS);

/** Whether a stored incident is still readable at `nowMs` (reads treat expired items as absent). */
export const isLive = (incident: StoredIncident, nowMs: number): boolean => incident.expiresAt * 1000 > nowMs;

/**
 * Folds one source's matches into the incident of their cause. Pure: the caller writes
 * `next` conditionally on the version it read, and on a lost race reads again and folds again.
 *
 * - No live incident, or the matches start more than the quiet period after its last match (by
 *   eventTime): a new incident opens; its id comes from the creating matches and never changes.
 * - Otherwise the matches join it: count, first and last times, the earliest eventIDs and the
 *   highest severity. A backfill older than the incident joins it too (and moves `firstSeen`).
 * - A step is decided when the incident opens, when its count reaches the next of 10, 100,
 *   1,000… (one step naming the highest threshold crossed), or when the severity rises.
 *
 * @param current - the stored incident (undefined when none)
 * @param c - the source's contribution
 * @param nowMs - the clock, only for expiry
 */
export const foldIncident = (current: StoredIncident | undefined, c: Contribution, nowMs: number): Folded => {
  const live = current !== undefined && isLive(current, nowMs) ? current : undefined;
  if (live === undefined || time(c.firstSeen) > time(live.lastSeen) + live.quietMs) {
    const incidentId = sha(`incident\u0000${c.key}\u0000${c.firstSeen}\u0000${c.eventIds[0] ?? ''}`);
    const escalation = thresholdReached(c.count);
    const opened = step(incidentId, 'opened', escalation, c.severity, c.count);
    return {
      next: {
        key: c.key,
        incidentId,
        ruleId: c.ruleId,
        dedupKey: c.dedupKey,
        count: c.count,
        firstSeen: c.firstSeen,
        lastSeen: c.lastSeen,
        eventIds: c.eventIds.slice(0, MAX_INCIDENT_EVENT_IDS),
        severity: c.severity,
        escalation,
        quietMs: c.quietMs,
        steps: [opened],
        alert: c.alert,
        version: (current?.version ?? 0) + 1,
        expiresAt: expiresAt(c.lastSeen, c.quietMs, nowMs),
      },
      countDelta: c.count - (current?.count ?? 0),
      step: opened,
    };
  }
  const count = live.count + c.count;
  const earlier = time(c.firstSeen) < time(live.firstSeen);
  const lastSeen = time(c.lastSeen) > time(live.lastSeen) ? c.lastSeen : live.lastSeen;
  const severity = severityRank(c.severity) > severityRank(live.severity) ? c.severity : live.severity;
  const escalation = thresholdReached(count);
  const decided =
    escalation > live.escalation
      ? step(live.incidentId, 'escalated', escalation, severity, count)
      : severity !== live.severity
        ? step(live.incidentId, 'escalated', live.escalation, severity, count, severity)
        : undefined;
  return {
    next: {
      ...live,
      count,
      firstSeen: earlier ? c.firstSeen : live.firstSeen,
      lastSeen,
      eventIds: earlier ? mergeEventIds(c.eventIds, live.eventIds) : mergeEventIds(live.eventIds, c.eventIds),
      severity,
      escalation: Math.max(escalation, live.escalation),
      steps: decided ? [...live.steps, decided] : live.steps,
      version: live.version + 1,
      expiresAt: expiresAt(lastSeen, live.quietMs, nowMs),
    },
    countDelta: c.count,
    ...(decided && { step: decided }),
  };
};

/**
 * The notification of one step: the incident's alert with the step's id, lifecycle, escalation
 * and severity, and the incident's count, times and eventIDs. Existing fields keep their meaning.
 */
export const notificationOf = (incident: StoredIncident, decided: IncidentStep): Alert => ({
  ...incident.alert,
  id: decided.id,
  severity: decided.severity,
  count: decided.count,
  firstSeen: incident.firstSeen,
  lastSeen: incident.lastSeen,
  eventIds: incident.eventIds,
  incidentId: incident.incidentId,
  lifecycle: decided.lifecycle,
  escalation: decided.escalation,
});
