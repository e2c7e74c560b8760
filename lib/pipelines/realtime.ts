import type { AlertSink } from '../model/alert.js';
import type { Log } from '../model/log.js';
import { lagSeconds, type Metrics } from '../model/metrics.js';
import { UnknownEventError } from '../model/errors.js';
import type { Clock } from '../model/ports.js';
import type { RuleEngine } from '../rules/index.js';
import { cloudTrailRecordOf } from '../sources/eventbridge-cloudtrail.js';
import type { IncidentStore } from '../model/incident.js';
import { type CorrelationDeps, correlateMatches } from './correlations.js';
import type { FirstSeenDeps } from '../model/baseline.js';
import { sharedFirstSeenJudge } from './first-seen.js';
import { deliverAlerts } from './incidents.js';

/** What the realtime flow needs. */
export type RealtimeDeps = {
  engine: Pick<RuleEngine, 'evaluateEvent'>;
  sink: AlertSink;
  log: Log;
  /** Counts the record, refused events, rule errors and lag (EMF on Lambda). */
  metrics: Metrics;
  now?: Clock;
  /** Sends what the cold start found wrong in the rule folders, once (ColdStartRules.reportRuleFiles). */
  reportRuleFiles?: (sink: AlertSink) => Promise<void>;
  /**
   * Where incidents live: the event opens its incident minutes before the log file lands, without
   * adding to its count (the S3 path counts it). Absent: alerts go out as they are.
   */
  incidents?: IncidentStore;
  /** A rule's own quiet period in milliseconds (default 24 hours). */
  quietMs?: (ruleId: string) => number | undefined;
  /**
   * Where correlation states live (the correlation table on Lambda): the event's matches of the
   * rules that correlations and thresholds reference fold in, one write per state it touches.
   * Absent: threshold rules wait for the log file.
   */
  correlations?: CorrelationDeps;
  /**
   * Where first-seen baselines live (the incident table on Lambda, shared with ingest and logs)
   * and the learning period: the event's first-seen keys are judged against them, and a key
   * alerts once, on whichever path claims its baseline first. Absent: first-seen rules are silent.
   */
  firstSeen?: FirstSeenDeps;
};

/**
 * Low-latency path: one CloudTrail record from EventBridge, minutes before its log file lands in S3.
 * The same rules give the same alert ids as the S3 path. With a correlation store the event's
 * matches fold into the correlation states (each event counts once in a state, whichever path
 * brings it first), so a threshold or correlation may fire here minutes before the file lands and
 * never fires again when it does; without one, threshold rules wait for the file. With a baseline
 * store the event's first-seen keys are judged (one read and one claim per new key; none for keys
 * the container knows live), so a new key alerts here and not again when the file lands.
 * Counts `Records`, `RuleErrors` (rules that threw on the record, as ingest counts them per file)
 * and `Lag` (now minus the event's eventTime) once the alerts are out; an event refused because
 * it carries no CloudTrail record or a forged source counts one `BadRecords` before the error
 * fails the invocation.
 * @returns the number of alerts and incident notifications sent
 * @throws the correlation and baseline stores' errors (the invocation fails and Lambda retries the
 * event; a retried event alerts again, with the same ids, for the keys it claimed)
 * @throws UnknownEventError when the event carries no CloudTrail record; ForgedEventError when its
 * `source` is not an AWS service's (nothing is evaluated); sink errors after retries (the cold
 * start's rule-file findings, sent first and once, included)
 */
export const evaluateEventBridgeRecord = async (event: unknown, deps: RealtimeDeps): Promise<number> => {
  await deps.reportRuleFiles?.(deps.sink);
  let record: ReturnType<typeof cloudTrailRecordOf>;
  try {
    record = cloudTrailRecordOf(event);
  } catch (error) {
    if (error instanceof UnknownEventError) deps.metrics.add('BadRecords', 1);
    throw error;
  }
  const correlate = deps.correlations !== undefined;
  const { alerts, stats, matches, candidates } = deps.engine.evaluateEvent(record, {
    correlate,
    firstSeen: deps.firstSeen !== undefined,
  });
  const source = `event/${record.eventID ?? ''}`;
  // A state counts each (eventID, rule) once, so the log file's later fold of this same event
  // adds nothing and a window fires once, on whichever path first completes it.
  const fired = deps.correlations ? await correlateMatches(matches, source, deps.correlations) : [];
  // The baseline's conditional write is the dedupe: the path that claims a key first alerts.
  const seen = deps.firstSeen ? await sharedFirstSeenJudge(deps.firstSeen)(candidates, source, record.eventTime) : [];
  let sent = await deliverAlerts(alerts, source, deps, { counts: false });
  // The S3 path never fires these windows again: their alerts count in their incidents here.
  if (fired.length > 0) sent += await deliverAlerts(fired, `${source}/correlations`, deps, { counts: true });
  // Nor alerts for these keys again.
  if (seen.length > 0) sent += await deliverAlerts(seen, `${source}/first-seen`, deps, { counts: true });
  deps.metrics.add('Records', 1);
  deps.metrics.add('RuleErrors', stats.ruleErrors ?? 0);
  const lag = lagSeconds(record.eventTime, deps.now?.() ?? new Date());
  if (lag !== undefined) deps.metrics.add('Lag', lag);
  deps.log.info('event evaluated', {
    eventSource: record.eventSource,
    eventName: record.eventName,
    eventID: record.eventID,
    alerts: alerts.length,
    sent,
  });
  return sent;
};
