import type { Context } from 'aws-lambda';
import { consoleSink } from '../lib/alerts/console-sink.js';
import { createClients } from '../lib/aws/clients.js';
import { s3DigestStore } from '../lib/aws/digest-store.js';
import { cloudTrailClientFor, cloudTrailKeySource } from '../lib/aws/public-keys.js';
import { putJson } from '../lib/aws/s3.js';
import { loadConfig, requireResultsBucket } from '../lib/config.js';
import { loadDigestConfig, verdictKeyOf } from '../lib/digest/digest-config.js';
import { createKeyCache } from '../lib/digest/key-cache.js';
import { verdictAlerts } from '../lib/digest/verdict-alerts.js';
import { digestKeyOf, verifyDigestObject } from '../lib/digest/verify-digest-object.js';
import { toObjectRefs } from '../lib/sources/to-object-refs.js';
import { logger } from '../lib/logger.js';

const config = loadConfig(process.env);
const digestConfig = loadDigestConfig(process.env);
const { s3 } = createClients(config);
const store = s3DigestStore(s3);
const keys = createKeyCache((region) => cloudTrailKeySource(cloudTrailClientFor(region))); // cached across invocations
const sink = consoleSink();

/** Verifies each new digest object: verdict JSON to the results bucket, an alert per failure. */
export const handler = async (event: unknown, context: Context): Promise<void> => {
  logger.addContext(context);
  const resultsBucket = requireResultsBucket(config);
  for (const ref of toObjectRefs(event)) {
    if (digestKeyOf(ref.key) === undefined) continue; // log files share the bucket and notification
    logger.appendKeys({ bucket: ref.bucket, key: ref.key });
    try {
      const verdict = await verifyDigestObject(ref, { store, keys, hashConcurrency: digestConfig.hashConcurrency });
      await putJson(s3, resultsBucket, verdictKeyOf(ref), verdict);
      const alerts = verdictAlerts(verdict);
      await sink.send(alerts);
      logger.info('digest verified', { status: verdict.summary.status, logFiles: verdict.summary.logFiles, alerts: alerts.length });
    } finally {
      logger.resetKeys();
    }
  }
};
