import type { Context } from 'aws-lambda';
import { createAlertSink } from '../lib/alerts/create-alert-sink.js';
import { createClients } from '../lib/aws/clients.js';
import { s3ObjectStore } from '../lib/aws/s3.js';
import { digestForwarder } from '../lib/aws/sqs.js';
import { stateStoresOf } from '../lib/aws/state-stores.js';
import { coldStartRules } from '../lib/pipelines/cold-start-rules.js';
import { brief, ingestEvent } from '../lib/pipelines/ingest-event.js';
import { loadSettings, requireResultsBucket } from '../lib/config/index.js';
import { logger } from '../lib/logger.js';
import { emfMetrics } from '../lib/metrics.js';
import { fileStateStores } from '../lib/local/incident-file.js';
const settings = loadSettings(process.env);
const { s3, sqs } = createClients(settings.core);
const metrics = emfMetrics('ingest');
const deps = {
  store: s3ObjectStore(s3),
  resultsBucket: requireResultsBucket(settings.core),
  // detector, stores, and reportRuleFiles for the first invocation
  ...coldStartRules(settings.rules, logger, stateStoresOf(settings.incidents, settings.core.region, fileStateStores)),
  sink: createAlertSink(settings.alerts, { metrics }),
  forwardDigest: digestForwarder(sqs, settings.core.digestQueueUrl),
  log: logger,
  metrics,
};
/** Ingests each announced CloudTrail log file: stream, count, detect, summarise, alert; then flushes the metrics. */
export const handler = async (event: unknown, context: Context) => {
  logger.addContext(context);
  return metrics.flushAfter(async () => brief(await ingestEvent(event, deps, context)));
};
