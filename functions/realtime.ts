import type { Context } from 'aws-lambda';
import { createAlertSink } from '../lib/alerts/create-alert-sink.js';
import { loadSettings } from '../lib/config/index.js';
import { logger } from '../lib/logger.js';
import { evaluateEventBridgeRecord } from '../lib/pipelines/realtime.js';
import { sendOnce } from '../lib/pipelines/send-once.js';
import { buildRuleEngine } from '../lib/rules/index.js';

const settings = loadSettings(process.env);
const rules = buildRuleEngine(settings.rules, logger);
const deps = { engine: rules.engine, sink: createAlertSink(settings.alerts), log: logger };
const reportRuleFiles = sendOnce(rules.findings, deps.sink, logger);

/** EventBridge `AWS API Call via CloudTrail` (and the other CloudTrail detail-types): the rules on one event. */
export const handler = async (event: unknown, context: Context): Promise<void> => {
  logger.addContext(context);
  await reportRuleFiles();
  await evaluateEventBridgeRecord(event, deps);
};
