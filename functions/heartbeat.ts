import type { Context } from 'aws-lambda';
import { createAlertSink } from '../lib/alerts/create-alert-sink.js';
import { createClients } from '../lib/aws/clients.js';
import { s3DigestStore } from '../lib/aws/digest-store.js';
import { s3ObjectStore } from '../lib/aws/s3.js';
import { loadSettings, requireResultsBucket, requireTrailBucket } from '../lib/config/index.js';
import { logger } from '../lib/logger.js';
import { emfMetrics } from '../lib/metrics.js';
import { runHeartbeat } from '../lib/pipelines/heartbeat.js';

const settings = loadSettings(process.env);
const { s3 } = createClients(settings.core);
const metrics = emfMetrics('heartbeat');
const { trailPrefix } = settings.digest;
const deps = {
  // The stack sets TRAIL_PREFIX and lets the role list only under <prefix>AWSLogs/.
  digests: s3DigestStore(s3, trailPrefix === undefined ? {} : { within: `${trailPrefix}AWSLogs/` }),
  store: s3ObjectStore(s3),
  resultsBucket: requireResultsBucket(settings.core),
  slackMs: settings.digest.heartbeatSlackMs,
  lookbackMs: settings.digest.heartbeatLookbackMs,
  sink: createAlertSink(settings.alerts, { metrics }),
  log: logger,
};

/** Scheduled: raises `digest-heartbeat-missing` for every digest stream silent for over 1 h + slack. */
export const handler = async (_event: unknown, context: Context): Promise<void> => {
  logger.addContext(context);
  await metrics.flushAfter(() => runHeartbeat({ ...deps, trailBucket: requireTrailBucket(settings.digest) }));
};
