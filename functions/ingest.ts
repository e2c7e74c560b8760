import type { Context } from 'aws-lambda';
import { createAlertSink } from '../lib/alerts/create-alert-sink.js';
import { createClients } from '../lib/aws/clients.js';
import { s3ObjectStore } from '../lib/aws/s3.js';
import { forwardToQueue } from '../lib/aws/sqs.js';
import { coldStartRules } from '../lib/pipelines/cold-start-rules.js';
import { brief, ingestEvent } from '../lib/pipelines/ingest-event.js';
import { loadSettings, requireResultsBucket } from '../lib/config/index.js';
import { logger } from '../lib/logger.js';

const settings = loadSettings(process.env);
const resultsBucket = requireResultsBucket(settings.core);
const { s3, sqs } = createClients(settings.core);
const store = s3ObjectStore(s3);
const sink = createAlertSink(settings.alerts);
// The detector, and the rule files the cold start left out, reported on the first invocation.
const { detector, reportRuleFiles } = coldStartRules(settings.rules, logger);
const digestQueue = settings.core.digestQueueUrl;
const forwardDigest = digestQueue
  ? (ref: Parameters<typeof forwardToQueue>[2]) => forwardToQueue(sqs, digestQueue, ref)
  : undefined;
const deps = { store, resultsBucket, detector, sink, forwardDigest, reportRuleFiles, log: logger };

/** Ingests each announced CloudTrail log file: stream, count, detect, summarise, alert. */
export const handler = async (event: unknown, context: Context) => {
  logger.addContext(context);
  return brief(await ingestEvent(event, deps, context));
};
