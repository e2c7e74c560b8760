import type { Context } from 'aws-lambda';
import { createAlertSink } from '../lib/alerts/create-alert-sink.js';
import { loadAlertSinkConfig } from '../lib/alerts/load-alert-sink-config.js';
import { createClients } from '../lib/aws/clients.js';
import { forwardToQueue } from '../lib/aws/sqs.js';
import { loadConfig, requireResultsBucket } from '../lib/config.js';
import { brief, ingestEvent } from '../lib/pipelines/ingest-event.js';
import { logger } from '../lib/logger.js';
import { ruleEngineFromEnv } from '../lib/rules/index.js';

const config = loadConfig(process.env);
const resultsBucket = requireResultsBucket(config);
const { s3, sqs } = createClients(config);
const sink = createAlertSink(loadAlertSinkConfig(process.env));
const detector = ruleEngineFromEnv(process.env, logger).detector;
const digestQueue = config.digestQueueUrl;
const forwardDigest = digestQueue
  ? (ref: Parameters<typeof forwardToQueue>[2]) => forwardToQueue(sqs, digestQueue, ref)
  : undefined;

/** Ingests each announced CloudTrail log file: stream, count, detect, summarise, alert. */
export const handler = async (event: unknown, context: Context) => {
  logger.addContext(context);
  return brief(await ingestEvent(event, { s3, resultsBucket, detector, sink, forwardDigest, log: logger }, context));
};
