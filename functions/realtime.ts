import type { Context } from 'aws-lambda';
import { createAlertSink } from '../lib/alerts/create-alert-sink.js';
import { loadSettings } from '../lib/config/index.js';
import { logger } from '../lib/logger.js';
import { coldStartRules } from '../lib/pipelines/cold-start-rules.js';
import { evaluateEventBridgeRecord } from '../lib/pipelines/realtime.js';

const settings = loadSettings(process.env);
const rules = coldStartRules(settings.rules, logger);
const deps = {
  engine: rules.engine,
  reportRuleFiles: rules.reportRuleFiles,
  sink: createAlertSink(settings.alerts),
  log: logger,
};

/** EventBridge `AWS API Call via CloudTrail` (and the other CloudTrail detail-types): the rules on one event. */
export const handler = async (event: unknown, context: Context): Promise<void> => {
  logger.addContext(context);
  await evaluateEventBridgeRecord(event, deps);
};
