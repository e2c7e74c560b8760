import type { Context } from 'aws-lambda';
import { createAlertSink } from '../lib/alerts/create-alert-sink.js';
import { createClients } from '../lib/aws/clients.js';
import { s3DigestStore } from '../lib/aws/digest-store.js';
import { cachedCloudTrailKeys } from '../lib/aws/public-keys.js';
import { putJson } from '../lib/aws/s3.js';
import { verifyEvent } from '../lib/pipelines/verify-event.js';
import { loadSettings, requireResultsBucket } from '../lib/config/index.js';
import { logger } from '../lib/logger.js';

const settings = loadSettings(process.env);
const resultsBucket = requireResultsBucket(settings.core);
const { s3 } = createClients(settings.core);
const deps = {
  store: s3DigestStore(s3),
  // Keys are cached per region and fingerprint across invocations of this container.
  keys: cachedCloudTrailKeys(),
  hashConcurrency: settings.digest.hashConcurrency,
  writeVerdict: (key: string, verdict: unknown) => putJson(s3, resultsBucket, key, verdict),
  sink: createAlertSink(settings.alerts),
  log: logger,
};

/** Verifies each announced digest: verdict JSON to the results bucket, an integrity alert per failure. */
export const handler = async (event: unknown, context: Context) => {
  logger.addContext(context);
  return verifyEvent(event, deps, context);
};
