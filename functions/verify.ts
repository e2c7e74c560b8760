import type { Context } from 'aws-lambda';
import { createAlertSink } from '../lib/alerts/create-alert-sink.js';
import { createClients } from '../lib/aws/clients.js';
import { s3DigestStore } from '../lib/aws/digest-store.js';
import { cachedCloudTrailKeys } from '../lib/aws/public-keys.js';
import { putJson } from '../lib/aws/s3.js';
import { verifyEvent } from '../lib/pipelines/verify-event.js';
import { loadSettings, requireResultsBucket } from '../lib/config/index.js';
import { logger } from '../lib/logger.js';
import { emfMetrics } from '../lib/metrics.js';

const settings = loadSettings(process.env);
const resultsBucket = requireResultsBucket(settings.core);
const { s3 } = createClients(settings.core);
const metrics = emfMetrics('verify');
const deps = {
  store: s3DigestStore(s3),
  keys: cachedCloudTrailKeys(settings.digest.publicKeys), // cached; DIGEST_PUBLIC_KEYS_FILE replaces ListPublicKeys
  hashConcurrency: settings.digest.hashConcurrency,
  writeVerdict: (key: string, verdict: unknown) => putJson(s3, resultsBucket, key, verdict),
  sink: createAlertSink(settings.alerts, { metrics }),
  log: logger,
  metrics,
};

/** Verifies each announced digest: a verdict JSON in the results bucket, an integrity alert per failure, metrics. */
export const handler = async (event: unknown, context: Context) => {
  logger.addContext(context);
  return metrics.flushAfter(() => verifyEvent(event, deps, context));
};
