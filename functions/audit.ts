import type { Context } from 'aws-lambda';
import { createAlertSink } from '../lib/alerts/create-alert-sink.js';
import { loadAlertSinkConfig } from '../lib/alerts/load-alert-sink-config.js';
import { createClients } from '../lib/aws/clients.js';
import { s3ObjectStore } from '../lib/aws/s3.js';
import { createTrailSnapshotClients, fetchTrailSnapshot } from '../lib/aws/trail-snapshot.js';
import { loadConfig, requireResultsBucket } from '../lib/config.js';
import { logger } from '../lib/logger.js';
import { auditTriggerOf } from '../lib/trails/audit-trigger.js';
import { DEFAULT_REGIONS } from '../lib/trails/constants.js';
import { runScheduledAudit } from '../lib/pipelines/audit.js';

const config = loadConfig(process.env);
const store = s3ObjectStore(createClients(config).s3);
const snapshotClients = createTrailSnapshotClients(process.env);
const listOf = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
const regions = listOf(process.env.AUDIT_REGIONS);
// SNS / EventBridge as configured (docs/alerts.md); the console JSONL sink when neither is set.
const sink = createAlertSink(loadAlertSinkConfig(process.env));

/** Daily, and on every trail or trail-bucket change: audit the set-up, store the report, alert on what is new. */
export const handler = async (event: unknown, context: Context): Promise<void> => {
  logger.addContext(context);
  logger.info('trail audit triggered', { trigger: auditTriggerOf(event) });
  const { report, alerts } = await runScheduledAudit({
    store,
    resultsBucket: requireResultsBucket(config),
    fetchSnapshot: () =>
      fetchTrailSnapshot({
        regions: regions.length > 0 ? regions : DEFAULT_REGIONS,
        clients: snapshotClients,
        log: logger,
      }),
    watchedBuckets: listOf(process.env.TRAIL_BUCKETS),
    sink,
    log: logger,
  });
  logger.info('trail audit done', { findings: report.findings.length, alerts });
};
