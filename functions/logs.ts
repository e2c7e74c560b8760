import type { Context } from 'aws-lambda';
import { createAlertSink } from '../lib/alerts/create-alert-sink.js';
import { loadSettings } from '../lib/config/index.js';
import { logger } from '../lib/logger.js';
import { evaluateLogsBatch } from '../lib/pipelines/logs.js';
import { sendOnce } from '../lib/pipelines/send-once.js';
import { buildRuleEngine } from '../lib/rules/index.js';

const settings = loadSettings(process.env);
const rules = buildRuleEngine(settings.rules, logger);
const deps = { detectorFor: rules.engine.detector, sink: createAlertSink(settings.alerts), log: logger };
const reportRuleFiles = sendOnce(rules.findings, deps.sink, logger);

/** CloudWatch Logs subscription of a trail's log group: the same records, rules and alert ids as the S3 path. */
export const handler = async (event: unknown, context: Context): Promise<void> => {
  logger.addContext(context);
  await reportRuleFiles();
  await evaluateLogsBatch(event, deps);
};
