import type { Context } from 'aws-lambda';
import { createAlertSink } from '../lib/alerts/create-alert-sink.js';
import { createClients, createTrailSnapshotClients } from '../lib/aws/clients.js';
import { s3ObjectStore } from '../lib/aws/s3.js';
import { fetchTrailSnapshot } from '../lib/aws/trail-snapshot.js';
import { loadSettings, requireResultsBucket } from '../lib/config/index.js';
import { logger } from '../lib/logger.js';
import { runScheduledAudit } from '../lib/pipelines/audit.js';
import { auditTriggerOf } from '../lib/sources/audit-trigger.js';

const settings = loadSettings(process.env);
const snapshotClients = createTrailSnapshotClients(process.env);
const deps = {
  store: s3ObjectStore(createClients(settings.core).s3),
  fetchSnapshot: () => fetchTrailSnapshot({ regions: settings.audit.regions, clients: snapshotClients, log: logger }),
  watchedBuckets: settings.audit.watchedBuckets,
  // SNS / EventBridge as configured (docs/alerts.md); the console JSONL sink when neither is set.
  sink: createAlertSink(settings.alerts),
  log: logger,
};

/** Daily, and on every trail or trail-bucket change: audit the set-up, store the report, alert on what is new. */
export const handler = async (event: unknown, context: Context): Promise<void> => {
  logger.addContext(context);
  logger.info('trail audit triggered', { trigger: auditTriggerOf(event) });
  const { report, alerts } = await runScheduledAudit({ ...deps, resultsBucket: requireResultsBucket(settings.core) });
  logger.info('trail audit done', { findings: report.findings.length, alerts });
};
