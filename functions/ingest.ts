import type { Context } from 'aws-lambda';
import { createAlertSink } from '../lib/alerts/create-alert-sink.js';
import { createClients } from '../lib/aws/clients.js';
import { s3ObjectStore } from '../lib/aws/s3.js';
import { forwardToQueue } from '../lib/aws/sqs.js';
import { brief, ingestEvent } from '../lib/pipelines/ingest-event.js';
import { sendOnce } from '../lib/pipelines/send-once.js';
import { loadSettings, requireResultsBucket } from '../lib/config/index.js';
import { logger } from '../lib/logger.js';
import { buildRuleEngine } from '../lib/rules/index.js';

const settings = loadSettings(process.env);
const resultsBucket = requireResultsBucket(settings.core);
const { s3, sqs } = createClients(settings.core);
const store = s3ObjectStore(s3);
const sink = createAlertSink(settings.alerts);
const rules = buildRuleEngine(settings.rules, logger);
const reportRuleFiles = sendOnce(rules.findings, sink, logger);
const detector = rules.engine.detector;
const digestQueue = settings.core.digestQueueUrl;
const forwardDigest = digestQueue
  ? (ref: Parameters<typeof forwardToQueue>[2]) => forwardToQueue(sqs, digestQueue, ref)
  : undefined;

/** Ingests each announced CloudTrail log file: stream, count, detect, summarise, alert. */
export const handler = async (event: unknown, context: Context) => {
  logger.addContext(context);
  await reportRuleFiles();
  return brief(await ingestEvent(event, { store, resultsBucket, detector, sink, forwardDigest, log: logger }, context));
};
