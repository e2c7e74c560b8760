import { sha256Hex } from '../model/sha256-hex.js';
import { type Alert, type Severity, severityRank } from '../model/alert.js';
import type { IncidentClosing, IncidentLifecycle, IncidentStep, StoredIncident } from '../model/incident.js';
import { rememberedKeys } from '../model/remembered-keys.js';

/** An incident closes after this long without a match, by eventTime (rules may set their own). */
export const DEFAULT_QUIET_MS = 24 * 3600_000;

/** How long a closed incident stays readable after its quiet period (DynamoDB TTL reclaims it later). */
export const RETAIN_MS = 7 * 24 * 3600_000;

/** The most eventIDs an incident lists. */
export const MAX_INCIDENT_EVENT_IDS = 10;

const sha = (text: string): string => sha256Hex(text).slice(0, 32);

/** The most incident keys {@link incidentKey} remembers before it forgets them all. */
const MAX_REMEMBERED_KEYS = 50_000;

/**
 * Where the store keeps the incident of one cause: sha256(ruleId ␀ dedupKey)[0:32]. Remembered,
 * so the causes a run meets in file after file are hashed once.
 */
export const incidentKey: (ruleId: string, dedupKey: string) => string = rememberedKeys(MAX_REMEMBERED_KEYS);

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
  /** `firstSeen` and `lastSeen` as epoch ms (0 when not a time), when the caller has them parsed. */
  firstSeenMs?: number;
  lastSeenMs?: number;
  /** The source's earliest eventIDs, earliest first. */
  eventIds: string[];
  severity: Severity;
  /**
   * The source's alert for this cause (the first, when the source has several windows), built
   * when called: only an incident that opens keeps it.
   */
  alert: () => Alert;
  quietMs: number;
};

/** The incident after a contribution, and the step (notification) the change decided, if any. */
export type Folded = { next: StoredIncident; countDelta: number; step?: IncidentStep };

const time = (iso: string): number => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
};

/** An incident time in epoch ms (0 when not a time): the parsed one when there, else `iso` parsed. */
export const timeOf = (iso: string, parsed: number | undefined): number =>
  parsed === undefined ? time(iso) : Number.isNaN(parsed) ? 0 : parsed;

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

const expiresAtOf = (lastSeenMs: number, quietMs: number, nowMs: number): number =>
  Math.ceil((Math.max(lastSeenMs, nowMs) + quietMs + RETAIN_MS) / 1000);

/** The earliest eventIDs of two lists, earlier list first, each once (at most {@link MAX_INCIDENT_EVENT_IDS}). */
export const mergeEventIds = (earlier: readonly string[], later: readonly string[]): string[] => {
  const merged: string[] = [];
  // Counted loops: the lists are often frozen arrays, which V8's optimised for…of walks by making
  // an iterator result per id.
  for (const list of [earlier, later])
    for (let i = 0; i < list.length; i++) {
      if (merged.length === MAX_INCIDENT_EVENT_IDS) return merged;
      const id = list[i] as string;
      if (!merged.includes(id)) merged.push(id);
    }
  return merged;
};

/** Whether a stored incident is still readable at `nowMs` (reads treat expired items as absent). */
export const isLive = (incident: StoredIncident, nowMs: number): boolean => incident.expiresAt * 1000 > nowMs;

/** A closing's id: sha256(incidentId ␀ closed ␀ 0)[0:32], after the notification ids. */
export const closingId = (incidentId: string): string => sha(`${incidentId}\u0000closed\u00000`);

/** When an incident's quiet period ends (by eventTime), in epoch milliseconds. */
export const quietUntil = (incident: StoredIncident): number => time(incident.lastSeen) + incident.quietMs;

/** The closing of an incident whose quiet period passed: the same whoever decides it. */
export const closingOf = (incident: StoredIncident): IncidentClosing => ({
  id: closingId(incident.incidentId),
  incidentId: incident.incidentId,
  ruleId: incident.ruleId,
  severity: incident.severity,
  ...(incident.alert.account !== undefined && { account: incident.alert.account }),
  lastSeen: incident.lastSeen,
  quietMs: incident.quietMs,
  closedAt: new Date(quietUntil(incident)).toISOString(),
  sent: false,
});

/** Whether the incident's own closing has been decided. */
export const isClosed = (incident: StoredIncident): boolean =>
  (incident.closings ?? []).some((c) => c.incidentId === incident.incidentId);

/**
 * The incident with its closing decided, when `watermarkMs` (an eventTime, or now on Lambda) is
 * past its quiet period and it is not closed yet; otherwise undefined. Pure, like the fold: the
 * caller writes the result conditionally on the version read.
 * @param incident - a live stored incident
 * @param watermarkMs - the latest eventTime known to have passed
 */
export const closeIfQuiet = (incident: StoredIncident, watermarkMs: number): StoredIncident | undefined => {
  if (isClosed(incident) || watermarkMs <= quietUntil(incident)) return undefined;
  return {
    ...incident,
    closings: [...(incident.closings ?? []), closingOf(incident)],
    version: incident.version + 1,
  };
};

/**
 * The closings a new incident carries when it overwrites `live`: the ones `live` holds unsent, and
 * `live`'s own, decided now if it was not (its quiet period passed: that is why a new one opens).
 */
const carriedClosings = (live: StoredIncident): IncidentClosing[] => [
  ...(live.closings ?? []).filter((c) => !c.sent),
  ...(isClosed(live) ? [] : [closingOf(live)]),
];

/**
 * Folds one source's matches into the incident of their cause. Pure: the caller writes
 * `next` conditionally on the version it read, and on a lost race reads again and folds again.
 *
 * - No live incident, or the matches start more than the quiet period after its last match (by
 *   eventTime): a new incident opens; its id comes from the creating matches and never changes.
 * - Otherwise the matches join it: count, first and last times, the earliest eventIDs and the
 *   highest severity. A backfill older than the incident joins it too (and moves `firstSeen`).
 * - A new incident over a live one carries the old one's closing (and any closings it held
 *   unsent), so overwriting its item never loses a closing.
 * - A step is decided when the incident opens, when its count reaches the next of 10, 100,
 *   1,000… (one step naming the highest threshold crossed), or when the severity rises.
 *
 * @param current - the stored incident (undefined when none)
 * @param c - the source's contribution
 * @param nowMs - the clock, only for expiry
 */
export const foldIncident = (current: StoredIncident | undefined, c: Contribution, nowMs: number): Folded => {
  const live = current !== undefined && isLive(current, nowMs) ? current : undefined;
  const firstSeen = timeOf(c.firstSeen, c.firstSeenMs);
  const lastSeenMs = timeOf(c.lastSeen, c.lastSeenMs);
  const liveLastSeen = live === undefined ? 0 : time(live.lastSeen);
  if (live === undefined || firstSeen > liveLastSeen + live.quietMs) {
    const incidentId = sha(`incident\u0000${c.key}\u0000${c.firstSeen}\u0000${c.eventIds[0] ?? ''}`);
    const escalation = thresholdReached(c.count);
    const opened = step(incidentId, 'opened', escalation, c.severity, c.count);
    const closings = live === undefined ? [] : carriedClosings(live);
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
        ...(closings.length > 0 && { closings }),
        alert: c.alert(),
        version: (current?.version ?? 0) + 1,
        expiresAt: expiresAtOf(lastSeenMs, c.quietMs, nowMs),
      },
      countDelta: c.count - (current?.count ?? 0),
      step: opened,
    };
  }
  const count = live.count + c.count;
  const earlier = firstSeen < time(live.firstSeen);
  const later = lastSeenMs > liveLastSeen;
  const lastSeen = later ? c.lastSeen : live.lastSeen;
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
      expiresAt: expiresAtOf(later ? lastSeenMs : liveLastSeen, live.quietMs, nowMs),
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
