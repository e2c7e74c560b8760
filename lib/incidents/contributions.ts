import { type Alert, type AlertDraft, isAlertDraft, severityRank } from '../model/alert.js';
import {
  type Contribution,
  DEFAULT_QUIET_MS,
  incidentKey,
  MAX_INCIDENT_EVENT_IDS,
  mergeEventIds,
  timeOf,
} from './fold-incident.js';

/** The integrity finding of a log file that could not be read to the end: an incident per bucket and reason. */
export const DAMAGED_FILE_RULE = 'log-file-damaged';

/**
 * The cause an alert belongs to, or undefined for alerts that stay one-off (digest verdicts,
 * configuration findings, insights): detections by rule and dedup key, damaged files by bucket and
 * reason.
 */
export const incidentCauseOf = (alert: Alert | AlertDraft): { ruleId: string; dedupKey: string } | undefined => {
  if (isAlertDraft(alert)) return { ruleId: alert.ruleId, dedupKey: alert.dedupKey };
  if (alert.category === 'detection') {
    const dedupKey = alert.details?.dedupKey;
    return { ruleId: alert.ruleId, dedupKey: typeof dedupKey === 'string' ? dedupKey : '' };
  }
  if (alert.category === 'integrity' && alert.ruleId === DAMAGED_FILE_RULE) {
    return { ruleId: alert.ruleId, dedupKey: `${alert.bucket ?? ''}|${String(alert.details?.reason ?? '')}` };
  }
  return undefined;
};

/**
 * Turns one source's alerts into one contribution per cause (a file's alert windows of the same
 * rule and key fold together) and the alerts that are not incidents. Drafts stay unbuilt: a
 * contribution's `alert()` builds the alert it names only when an incident opens with it.
 * @param alerts - the alerts (or drafts, {@link AlertDraft}) of one file or event
 * @param options - `counts: false` for paths that open incidents early without counting (realtime);
 *   `quietMs` picks a rule's quiet period (default 24 hours)
 * @returns also `keys`: the incident key of each alert, in order (undefined for one-off alerts)
 */
export const contributionsOf = (
  alerts: readonly (Alert | AlertDraft)[],
  options: { counts: boolean; quietMs?: (ruleId: string) => number | undefined }
): { contributions: Contribution[]; oneOff: Alert[]; keys: Array<string | undefined> } => {
  const byKey = new Map<string, Contribution>();
  const oneOff: Alert[] = [];
  const keys: Array<string | undefined> = [];
  for (const alert of alerts) {
    const cause = incidentCauseOf(alert);
    if (cause === undefined) {
      // Drafts are detections, never one-off.
      oneOff.push(alert as Alert);
      keys.push(undefined);
      continue;
    }
    const key = incidentKey(cause.ruleId, cause.dedupKey);
    keys.push(key);
    const seen = byKey.get(key);
    if (seen === undefined) {
      byKey.set(key, {
        key,
        ...cause,
        count: options.counts ? alert.count : 0,
        firstSeen: alert.firstSeen,
        lastSeen: alert.lastSeen,
        // Parsed once here (a draft's come parsed), not again by every fold that reads them.
        firstSeenMs: timeOf(alert.firstSeen, draftTime(alert, 'firstSeenMs')),
        lastSeenMs: timeOf(alert.lastSeen, draftTime(alert, 'lastSeenMs')),
        eventIds: alert.eventIds.slice(0, MAX_INCIDENT_EVENT_IDS),
        severity: alert.severity,
        alert: builder(alert),
        quietMs: options.quietMs?.(cause.ruleId) ?? DEFAULT_QUIET_MS,
      });
      continue;
    }
    // Built here and nobody else's yet: joined in place.
    const earlier = alert.firstSeen < seen.firstSeen;
    seen.count += options.counts ? alert.count : 0;
    seen.eventIds = earlier
      ? mergeEventIds(alert.eventIds, seen.eventIds)
      : mergeEventIds(seen.eventIds, alert.eventIds);
    if (earlier) {
      seen.firstSeen = alert.firstSeen;
      seen.firstSeenMs = timeOf(alert.firstSeen, draftTime(alert, 'firstSeenMs'));
      seen.alert = builder(alert);
    }
    if (alert.lastSeen > seen.lastSeen) {
      seen.lastSeen = alert.lastSeen;
      seen.lastSeenMs = timeOf(alert.lastSeen, draftTime(alert, 'lastSeenMs'));
    }
    if (severityRank(alert.severity) > severityRank(seen.severity)) seen.severity = alert.severity;
  }
  return { contributions: [...byKey.values()], oneOff, keys };
};

/** What builds a contribution's alert: the draft's own builder, or the alert as it is. */
const builder = (alert: Alert | AlertDraft): (() => Alert) => (isAlertDraft(alert) ? alert.alert : () => alert);

/** A draft's parsed time, when it has it (an alert's are parsed from its text). */
const draftTime = (alert: Alert | AlertDraft, field: 'firstSeenMs' | 'lastSeenMs'): number | undefined =>
  isAlertDraft(alert) ? alert[field] : undefined;
