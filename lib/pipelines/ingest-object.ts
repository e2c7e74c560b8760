import type { AlertSink } from '../model/alert.js';
import {
  type CloudTrailKey,
  type DigestFileKey,
  inCloudTrailFolder,
  parseCloudTrailKey,
} from '../cloudtrail/parse-key.js';
import { ObjectNotFoundError } from '../model/errors.js';
import type { ObjectRef } from '../model/object-ref.js';
import type { Clock, ObjectStore } from '../model/ports.js';
import type { Log } from '../model/log.js';
import { lagSeconds, type Metrics } from '../model/metrics.js';
import type { DetectorFactory } from '../rules/index.js';
import { damageAlert, damageTime } from '../ingest/damage-alert.js';
import { processLogStream } from '../ingest/process-log.js';
import { type FileSummary, SUMMARY_SCHEMA_VERSION } from '../model/summary.js';
import type { IncidentStore } from '../model/incident.js';
import { foldIntoIncidents, readIncidentsOf, sendNotifications } from './incidents.js';
import type { CorrelationMatch } from '../model/correlation.js';
import { type CorrelationDeps, correlateMatches, firingIncidentKeysOf } from './correlations.js';
import type { FirstSeenCandidate, FirstSeenDeps } from '../model/baseline.js';
import { sharedFirstSeenJudge as judgeOf } from './first-seen.js';

export type IngestDeps = {
  /** Reads the log files and writes the summaries (S3 on Lambda). */
  store: ObjectStore;
  resultsBucket: string;
  detector?: DetectorFactory;
  sink: AlertSink;
  /** Sends what the cold start found wrong in the rule folders, once (ColdStartRules.reportRuleFiles); ingestEvent awaits it first. */
  reportRuleFiles?: (sink: AlertSink) => Promise<void>;
  /** Hands a digest file to the verifier (the digest queue on Lambda); absent locally. */
  forwardDigest?: (ref: ObjectRef) => Promise<void>;
  log: Log;
  /** Counts files, records, damage, bad records, rule errors and lag (EMF on Lambda). */
  metrics: Metrics;
  now?: Clock;
  /**
   * Where incidents live (DynamoDB on Lambda): detections and damaged files fold into their
   * incidents and only opening and escalation notifications go out. Absent: every file's
   * alerts are sent as they are.
   */
  incidents?: IncidentStore;
  /** A rule's own quiet period in milliseconds (default 24 hours). */
  quietMs?: (ruleId: string) => number | undefined;
  /**
   * Where correlation states live (the correlation table on Lambda): the matches of rules that
   * correlations and thresholds reference are folded in across files, and the alerts that fire
   * join the file's alerts. Absent: correlations and thresholds are judged within each file.
   */
  correlations?: CorrelationDeps;
  /**
   * Where first-seen baselines live (the incident table on Lambda): the first-seen rules' keys
   * are judged against them and the new ones alert with the file's alerts. Absent: first-seen
   * rules alert nothing.
   */
  firstSeen?: FirstSeenDeps;
};

/** What happened to one announced object. */
export type IngestOutcome =
  | { action: 'summarised'; summary: FileSummary; summaryKey: string }
  | { action: 'routed-to-verifier'; ref: ObjectRef; key: DigestFileKey }
  | { action: 'skipped'; reason: string };

/**
 * Where the summary of a log file goes in the results bucket: by delivery hour first, so an
 * hourly rollup lists one prefix; then account and region.
 * `summaries/2026/01/02/03/111122223333/us-east-1/<file name without .json.gz>.json`
 */
export const summaryKey = (key: CloudTrailKey, objectKey: string): string => {
  const delivered = key.kind === 'digest' ? key.endTime : key.deliveredAt;
  const [date, time] = delivered.split('T') as [string, string];
  const name = objectKey.slice(objectKey.lastIndexOf('/') + 1).replace(/\.json\.gz$/, '');
  return `summaries/${date.replaceAll('-', '/')}/${time.slice(0, 2)}/${key.accountId}/${key.region}/${name}.json`;
};

/**
 * Ingests one announced object from S3: log and Insights files are streamed, summarised and
 * their alerts sent; digest files are left to the verifier; other objects are skipped.
 *
 * Digest files are handed to `forwardDigest`, never parsed as logs.
 * A missing or damaged object is recorded as a damaged summary and not retried (S3 objects are
 * immutable); its integrity alert (`log-file-damaged`) goes to the sink with the others. Transient S3 errors and undeliverable alerts throw, so the invocation fails and
 * Lambda's retry and dead-letter queue keep the event; re-processing gives the same summary
 * key and the same alert ids. A file's metrics are counted once its summary is written and its
 * alerts are out.
 *
 * @throws TransientError when S3 keeps failing
 * @throws the sink's error when an alert cannot be delivered
 */
export const ingestObject = async (ref: ObjectRef, deps: IngestDeps): Promise<IngestOutcome> => {
  const key = parseCloudTrailKey(ref.key);
  if (key === undefined) {
    // Other services (AWS Config, load balancers, VPC Flow Logs) write under the same AWSLogs/
    // folder, and the console makes 0-byte folder objects: routine, so debug. An object in a
    // folder only CloudTrail writes, under a name CloudTrail never gives, is worth a warning.
    const where = { bucket: ref.bucket, key: ref.key };
    if (inCloudTrailFolder(ref.key) && !ref.key.endsWith('/'))
      deps.log.warn('object skipped: not a CloudTrail file', where);
    else deps.log.debug('object skipped: not a CloudTrail file', where);
    return { action: 'skipped', reason: 'not a CloudTrail log, Insights or digest key' };
  }
  if (key.kind === 'digest') {
    await deps.forwardDigest?.(ref);
    return { action: 'routed-to-verifier', ref, key };
  }

  let summary: FileSummary;
  let matchesOf: (() => readonly CorrelationMatch[]) | undefined;
  let candidatesOf: (() => readonly FirstSeenCandidate[]) | undefined;
  const { detector: makeDetector, correlations, firstSeen } = deps;
  const detector =
    makeDetector && (correlations || firstSeen)
      ? (source: ObjectRef) => {
          const made = makeDetector(source);
          if (correlations) matchesOf = made.deferCorrelations?.();
          if (firstSeen) candidatesOf = made.deferFirstSeen?.();
          return made;
        }
      : makeDetector;
  try {
    const { body } = await deps.store.open(ref);
    summary = await processLogStream(body, ref, { detector, log: deps.log, now: deps.now, key });
  } catch (error) {
    if (!(error instanceof ObjectNotFoundError)) throw error;
    deps.log.error('log file missing', { bucket: ref.bucket, key: ref.key });
    summary = missingSummary(ref, key, (deps.now?.() ?? new Date()).toISOString());
  }
  // Before the summary is written: a retry folds the same matches and keys, fires nothing new and
  // gets back the alerts this file fired (correlations) or was first to see (first-seen), with
  // their ids. Both go out together, with a read ahead of the incidents the file's own alerts fold
  // into: one BatchGetItem for them all on DynamoDB (lib/aws/dynamodb-items.ts).
  const source = `${ref.bucket}/${ref.key}`;
  const matches = (correlations && matchesOf?.()) || [];
  const [correlated, seen, read] = await Promise.all([
    correlations && matches.length > 0 ? correlateMatches(matches, source, correlations) : [],
    firstSeen ? judgeOf(firstSeen)(candidatesOf?.() ?? [], source, summary.firstEventTime) : [],
    deps.incidents
      ? readIncidentsOf(
          summary.alerts,
          { store: deps.incidents, quietMs: deps.quietMs },
          correlations ? firingIncidentKeysOf(matches, correlations.correlations) : []
        )
      : undefined,
  ]);
  const fired = [...correlated, ...seen];
  if (fired.length > 0)
    summary = {
      ...summary,
      alerts: [...summary.alerts, ...fired.map((a) => ({ ...a, s3Key: ref.key, bucket: ref.bucket }))],
    };
  const target = summaryKey(key, ref.key);
  // A file missing when read leaves its summary only where none is: a notification delivered
  // again after the file was deleted must not replace what was read from it (rollups and cost
  // count summaries). The alert is sent either way: the evidence is gone.
  const missing = summary.damage?.reason === 'not-found';
  const writeSummary = async (written: FileSummary): Promise<void> => {
    if (!missing) return deps.store.putJson(deps.resultsBucket, target, written);
    if (!(await deps.store.putJsonIfAbsent(deps.resultsBucket, target, written)))
      deps.log.warn('log file missing, its earlier summary kept', {
        bucket: ref.bucket,
        key: ref.key,
        summary: target,
      });
  };
  let notifications = 0;
  if (deps.incidents === undefined) {
    await writeSummary(summary);
    if (summary.alerts.length > 0) await deps.sink.send(summary.alerts);
  } else {
    // Store first: the summary names each alert's incident, and a retry finds the decided
    // notifications not yet sent and sends them with the same ids.
    const incidents = deps.incidents;
    const fold = await foldIntoIncidents(
      summary.alerts,
      source,
      { store: incidents, now: deps.now, quietMs: deps.quietMs },
      { counts: true, read }
    );
    summary = {
      ...summary,
      alerts: summary.alerts.map((a) => {
        const incidentId = fold.incidentOf.get(a.id);
        return incidentId === undefined ? a : { ...a, incidentId };
      }),
    };
    await writeSummary(summary);
    if (fold.oneOff.length > 0) await deps.sink.send(fold.oneOff);
    await sendNotifications(deps.sink, incidents, fold.notifications);
    notifications = fold.notifications.length;
  }
  deps.metrics.add('Notifications', notifications);
  countSummary(deps.metrics, summary, deps.now?.() ?? new Date());
  return { action: 'summarised', summary, summaryKey: target };
};

const countSummary = (metrics: Metrics, summary: FileSummary, now: Date): void => {
  metrics.add('FilesProcessed', 1);
  metrics.add('Records', summary.records);
  metrics.add('DamagedFiles', summary.status === 'damaged' ? 1 : 0);
  metrics.add('BadRecords', summary.badRecords);
  metrics.add('RuleErrors', summary.detection.ruleErrors ?? 0);
  const lag = lagSeconds(summary.lastEventTime, now);
  if (lag !== undefined) metrics.add('Lag', lag);
};

const missingSummary = (ref: ObjectRef, key: CloudTrailKey, processedAt: string): FileSummary => {
  const damage = { reason: 'not-found' as const, message: `s3://${ref.bucket}/${ref.key}: no such object`, offset: 0 };
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    bucket: ref.bucket,
    key: ref.key,
    kind: key.kind === 'insight' ? 'insight' : 'log',
    accountId: key.accountId,
    region: key.region,
    ...(key.organizationId && { organizationId: key.organizationId }),
    ...(key.kind !== 'digest' && { deliveredAt: key.deliveredAt }),
    status: 'damaged',
    damage,
    bytes: { compressed: 0, uncompressed: 0 },
    records: 0,
    badRecords: 0,
    recordErrors: [],
    counts: [],
    errors: [],
    alerts: [
      damageAlert(
        ref,
        { ...damage, recordsRead: 0 },
        { account: key.accountId, region: key.region },
        damageTime(undefined, key)
      ),
    ],
    detection: {},
    processedAt,
  };
};
