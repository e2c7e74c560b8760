import type { Context } from 'aws-lambda';
import { createAlertSink } from '../lib/alerts/create-alert-sink.js';
import { loadAlertSinkConfig } from '../lib/alerts/load-alert-sink-config.js';
import { createClients } from '../lib/aws/clients.js';
import { s3DigestStore } from '../lib/aws/digest-store.js';
import { s3ObjectStore } from '../lib/aws/s3.js';
import { loadConfig, requireResultsBucket } from '../lib/config.js';
import { loadDigestConfig, requireTrailBucket } from '../lib/digest/digest-config.js';
import { logger } from '../lib/logger.js';
import { runHeartbeat } from '../lib/pipelines/heartbeat.js';

const config = loadConfig(process.env);
const digestConfig = loadDigestConfig(process.env);
const { s3 } = createClients(config);
const deps = {
  digests: s3DigestStore(s3),
  store: s3ObjectStore(s3),
  resultsBucket: requireResultsBucket(config),
  slackMs: digestConfig.heartbeatSlackMs,
  lookbackMs: digestConfig.heartbeatLookbackMs,
  sink: createAlertSink(loadAlertSinkConfig(process.env)),
  log: logger,
};

/** Scheduled: raises `digest-heartbeat-missing` for every digest stream silent for over 1 h + slack. */
export const handler = async (_event: unknown, context: Context): Promise<void> => {
  logger.addContext(context);
  await runHeartbeat({ ...deps, trailBucket: requireTrailBucket(digestConfig) });
};
