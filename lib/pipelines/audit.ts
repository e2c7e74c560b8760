import type { AlertSink } from '../model/alert.js';
import { ObjectNotFoundError, TrailwatchError } from '../model/errors.js';
import type { Log } from '../model/log.js';
import { auditTrails } from '../trails/audit-trails.js';
import { changedFindings, findingAlerts, findingKey } from '../trails/finding-alerts.js';
import type { AuditReport, TrailSnapshot } from '../model/trails.js';
import type { ObjectStore } from '../model/ports.js';
import { AUDIT_PREFIX, LATEST_KEY } from '../trails/constants.js';

export { AUDIT_PREFIX, LATEST_KEY } from '../trails/constants.js';

/** A report as stored: the report plus when each finding was first seen. */
export type StoredAudit = AuditReport & { firstSeen: Record<string, string> };

/** The stored previous report is not JSON or not a report (it is replaced, not trusted). */
export class StoredAuditError extends TrailwatchError {
  readonly bucket: string;
  readonly key: string;
  constructor(bucket: string, key: string, options?: ErrorOptions) {
    super(`s3://${bucket}/${key}: not a stored trail audit`, options);
    this.name = 'StoredAuditError';
    this.bucket = bucket;
    this.key = key;
  }
}

/** What a scheduled audit needs. */
export type ScheduledAuditDeps = {
  /** Reads the previous report and writes the new one (S3 on Lambda). */
  store: ObjectStore;
  resultsBucket: string;
  /** Takes the trail snapshot (the AWS calls on Lambda, an evidence folder in the CLI). */
  fetchSnapshot: () => Promise<TrailSnapshot>;
  watchedBuckets: readonly string[];
  sink: AlertSink;
  log: Log;
};

const readPrevious = async (store: ObjectStore, bucket: string, log: Log): Promise<StoredAudit | undefined> => {
  let text: string;
  try {
    const { body } = await store.open({ bucket, key: LATEST_KEY });
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
    text = Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return undefined;
    throw error;
  }
  try {
    const stored = JSON.parse(text) as StoredAudit;
    if (!Array.isArray(stored.findings)) throw new TypeError('no findings array');
    return stored;
  } catch (error) {
    // A damaged previous report must not stop the audit: every finding is then new.
    log.warn('previous trail audit unreadable', new StoredAuditError(bucket, LATEST_KEY, { cause: error }));
    return undefined;
  }
};

/**
 * One audit run of the Lambda: takes the live snapshot, audits it, writes the report to the
 * results bucket (`trails/audit/latest.json` and a dated copy) and sends every new or changed
 * failed finding as a `configuration` alert. The dated copy is written first and `latest.json`
 * last, after the alerts are out: when sending fails, the next run still compares against the old
 * `latest.json` and sends the same alerts again, with the same ids.
 * @param deps - clients, bucket, regions, sink, logger
 * @returns the report and the number of alerts sent
 * @throws SnapshotCallError when AWS cannot be reached; sink errors after retries
 */
export const runScheduledAudit = async (deps: ScheduledAuditDeps): Promise<{ report: StoredAudit; alerts: number }> => {
  const snapshot = await deps.fetchSnapshot();
  const report = auditTrails(snapshot, { watchedBuckets: deps.watchedBuckets });
  const previous = await readPrevious(deps.store, deps.resultsBucket, deps.log);
  const firstSeen: Record<string, string> = {};
  for (const finding of report.findings) {
    const key = findingKey(finding);
    firstSeen[key] = previous?.firstSeen?.[key] ?? report.takenAt;
  }
  const stored: StoredAudit = { ...report, firstSeen };
  const changes = changedFindings(report, previous);
  const alerts = findingAlerts(changes, report, firstSeen);
  const dated = `${AUDIT_PREFIX}${report.takenAt.slice(0, 10).replace(/-/g, '/')}/${report.takenAt}.json`;
  await deps.store.putJson(deps.resultsBucket, dated, stored);
  // latest.json moves only once the alerts are out, so a failed send is retried by the next run.
  if (alerts.length > 0) await deps.sink.send(alerts);
  await deps.store.putJson(deps.resultsBucket, LATEST_KEY, stored);
  deps.log.info('trail audit written', {
    findings: report.findings.length,
    alerts: alerts.length,
    key: dated,
  });
  return { report: stored, alerts: alerts.length };
};
