import type { Context } from 'aws-lambda';
import { createAlertSink } from '../lib/alerts/create-alert-sink.js';
import { createClients } from '../lib/aws/clients.js';
import { s3DigestStore } from '../lib/aws/digest-store.js';
import { s3ObjectStore } from '../lib/aws/s3.js';
import { trailStatusCheck } from '../lib/aws/trail-status.js';
import { loadSettings, requireResultsBucket, requireTrailBucket, trailFolderOf } from '../lib/config/index.js';
import { logger } from '../lib/logger.js';
import { emfMetrics } from '../lib/metrics.js';
import { runHeartbeat } from '../lib/pipelines/heartbeat.js';

const settings = loadSettings(process.env);
const { s3 } = createClients(settings.core);
const metrics = emfMetrics('heartbeat');
const deps = {
  digests: s3DigestStore(s3, trailFolderOf(settings.digest)),
  store: s3ObjectStore(s3),
  resultsBucket: requireResultsBucket(settings.core),
  slackMs: settings.digest.heartbeatSlackMs,
  lookbackMs: settings.digest.heartbeatLookbackMs,
  trails: trailStatusCheck(settings.digest.trailArns, logger),
  sink: createAlertSink(settings.alerts, { metrics }),
  log: logger,
};

/** Scheduled: raises an integrity alert for each digest stream gone silent, vanished or cut short. */
export const handler = async (_event: unknown, context: Context): Promise<void> => {
  logger.addContext(context);
  await metrics.flushAfter(() => runHeartbeat({ ...deps, trailBucket: requireTrailBucket(settings.digest) }));
};
