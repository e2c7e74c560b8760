import type { Context } from 'aws-lambda';
import { createAlertSink } from '../lib/alerts/create-alert-sink.js';
import { createClients } from '../lib/aws/clients.js';
import { createTrailSnapshotClients } from '../lib/aws/cloudtrail-clients.js';
import { s3ObjectStore } from '../lib/aws/s3.js';
import { fetchTrailSnapshot } from '../lib/aws/trail-snapshot.js';
import { loadSettings, requireResultsBucket } from '../lib/config/index.js';
import { logger } from '../lib/logger.js';
import { emfMetrics } from '../lib/metrics.js';
import { runScheduledAudit } from '../lib/pipelines/audit.js';
import { auditTriggerOf } from '../lib/sources/audit-trigger.js';

const settings = loadSettings(process.env);
const snapshotClients = createTrailSnapshotClients(process.env);
const metrics = emfMetrics('audit');
const deps = {
  store: s3ObjectStore(createClients(settings.core).s3),
  resultsBucket: requireResultsBucket(settings.core),
  fetchSnapshot: () => fetchTrailSnapshot({ regions: settings.audit.regions, clients: snapshotClients, log: logger }),
  watchedBuckets: settings.audit.watchedBuckets,
  sink: createAlertSink(settings.alerts, { metrics }),
  log: logger,
};
/** Daily, and on every trail or trail-bucket change: audit the set-up, store the report, alert on what is new. */
export const handler = async (event: unknown, context: Context): Promise<void> => {
  logger.addContext(context);
  logger.info('trail audit triggered', { trigger: auditTriggerOf(event) });
  const { report, alerts } = await metrics.flushAfter(() => runScheduledAudit(deps));
  logger.info('trail audit done', { findings: report.findings.length, alerts });
};
