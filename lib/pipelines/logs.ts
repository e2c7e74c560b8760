import type { AlertSink } from '../model/alert.js';
import type { Log } from '../model/log.js';
import { lagSeconds, type Metrics } from '../model/metrics.js';
import type { Clock } from '../model/ports.js';
import type { DetectorFactory } from '../rules/index.js';
import { decodeLogsEvent, logsBatchViews } from '../sources/cloudwatch-logs.js';
import { createHash } from 'node:crypto';
import type { IncidentStore } from '../model/incident.js';
import { type CorrelationDeps, correlateMatches } from './correlations.js';
import type { FirstSeenDeps } from '../model/baseline.js';
import { sharedFirstSeenJudge } from './first-seen.js';
import { deliverAlerts } from './incidents.js';

/** What the CloudWatch Logs flow needs. */
export type LogsDeps = {
  detectorFor: DetectorFactory;
  sink: AlertSink;
  /** Powertools' logger also takes the batch's log group and stream as keys for its lines. */
  log: Log & { appendKeys?(keys: Record<string, unknown>): void; resetKeys?(): void };
  /** Counts records, rejected log events, rule errors and lag (EMF on Lambda). */
  metrics: Metrics;
  now?: Clock;
  /** Sends what the cold start found wrong in the rule folders, once (ColdStartRules.reportRuleFiles). */
  reportRuleFiles?: (sink: AlertSink) => Promise<void>;
  /** Where incidents live: the batch's matches fold into them. Absent: alerts go out as they are. */
  incidents?: IncidentStore;
  /** A rule's own quiet period in milliseconds (default 24 hours). */
  quietMs?: (ruleId: string) => number | undefined;
  /**
   * Where correlation states live (the correlation table on Lambda): the batch's matches fold in
   * across batches, files and events (each event counts once in a state). Absent: correlations
   * and thresholds are judged within the batch.
   */
  correlations?: CorrelationDeps;
  /**
   * Where first-seen baselines live (the incident table on Lambda, shared with ingest and
   * realtime) and the learning period: the batch's first-seen keys are judged against them, and a
   * key alerts once, on whichever path claims its baseline first. Absent: first-seen rules are silent.
   */
  firstSeen?: FirstSeenDeps;
};

/**
 * A CloudWatch Logs subscription batch of a trail's log group: the same records, rules and alert ids as
 * the S3 path. The log group and stream stand where a bucket and key would. Counts `Records`,
 * `BadRecords` (log events that are not CloudTrail records), `RuleErrors` and `Lag` (now minus the
 * newest eventTime of the batch) once the alerts are out. With a baseline store the batch's
 * first-seen keys are judged as a file's are (one read, one claim per new key).
 * @returns the number of alerts and incident notifications sent
 * @throws what decoding throws for a payload that is not a subscription batch; sink errors after retries
 *   (the cold start's rule-file findings, sent first and once, included)
 */
export const evaluateLogsBatch = async (event: unknown, deps: LogsDeps): Promise<number> => {
  await deps.reportRuleFiles?.(deps.sink);
  const batch = decodeLogsEvent(event, deps.log);
  deps.log.appendKeys?.({ logGroup: batch.logGroup, logStream: batch.logStream });
  try {
    const detector = deps.detectorFor({ bucket: batch.logGroup, key: batch.logStream });
    const take = deps.correlations ? detector.deferCorrelations?.() : undefined;
    const takeCandidates = deps.firstSeen ? detector.deferFirstSeen?.() : undefined;
    for (const view of logsBatchViews(batch)) detector.onRecord(view);
    // A batch re-delivered holds the same events: it folds into its incidents and states once.
    const batchId = createHash('sha256')
      .update(batch.records.map((r) => r.eventID ?? '').join('\n'))
      .digest('hex')
      .slice(0, 32);
    const source = `logs/${batch.logGroup}/${batch.logStream}/${batchId}`;
    const fired = take && deps.correlations ? await correlateMatches(take(), source, deps.correlations) : [];
    // The baseline's conditional write is the dedupe: the path that claims a key first alerts.
    const oldest = batch.records.reduce<string | undefined>(
      (min, r) => (r.eventTime !== undefined && (min === undefined || r.eventTime < min) ? r.eventTime : min),
      undefined
    );
    const seen = deps.firstSeen
      ? await sharedFirstSeenJudge(deps.firstSeen)(takeCandidates?.() ?? [], source, oldest)
      : [];
    const alerts = [...detector.finish(), ...fired, ...seen];
    const sent = await deliverAlerts(alerts, source, deps, { counts: true });
    deps.metrics.add('Records', batch.records.length);
    deps.metrics.add('BadRecords', batch.rejected.length);
    deps.metrics.add('RuleErrors', detector.stats().ruleErrors ?? 0);
    const newest = batch.records.reduce<string | undefined>(
      (max, r) => (r.eventTime !== undefined && (max === undefined || r.eventTime > max) ? r.eventTime : max),
      undefined
    );
    const lag = lagSeconds(newest, deps.now?.() ?? new Date());
    if (lag !== undefined) deps.metrics.add('Lag', lag);
    deps.log.info('log events processed', {
      records: batch.records.length,
      rejected: batch.rejected.length,
      alerts: alerts.length,
      sent,
    });
    return sent;
  } finally {
    deps.log.resetKeys?.();
  }
};
