import type { Context } from 'aws-lambda';
import { createAlertSink } from '../lib/alerts/create-alert-sink.js';
import { loadAlertSinkConfig } from '../lib/alerts/load-alert-sink-config.js';
import { createClients } from '../lib/aws/clients.js';
import { s3DigestStore } from '../lib/aws/digest-store.js';
import { cloudTrailClientFor, cloudTrailKeySource } from '../lib/aws/public-keys.js';
import { putJson } from '../lib/aws/s3.js';
import { loadConfig, requireResultsBucket } from '../lib/config.js';
import { createKeyCache, loadDigestConfig } from '../lib/digest/index.js';
import { verifyEvent } from '../lib/pipelines/verify-event.js';
import { logger } from '../lib/logger.js';

const config = loadConfig(process.env);
const resultsBucket = requireResultsBucket(config);
const { s3 } = createClients(config);
const deps = {
  store: s3DigestStore(s3),
  // Keys are cached per region and fingerprint across invocations of this container.
  keys: createKeyCache((region) => cloudTrailKeySource(cloudTrailClientFor(region))),
  hashConcurrency: loadDigestConfig(process.env).hashConcurrency,
  writeVerdict: (key: string, verdict: unknown) => putJson(s3, resultsBucket, key, verdict),
  sink: createAlertSink(loadAlertSinkConfig(process.env)),
  log: logger,
};

/** Verifies each announced digest: verdict JSON to the results bucket, an integrity alert per failure. */
export const handler = async (event: unknown, context: Context) => {
  logger.addContext(context);
  return verifyEvent(event, deps, context);
};
