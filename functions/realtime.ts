import type { Context } from 'aws-lambda';
import { createAlertSink } from '../lib/alerts/create-alert-sink.js';
import { loadAlertSinkConfig } from '../lib/alerts/load-alert-sink-config.js';
import { logger } from '../lib/logger.js';
import { ruleEngineFromEnv } from '../lib/rules/index.js';
import { cloudTrailRecordOf } from '../lib/sources/eventbridge-cloudtrail.js';

const engine = ruleEngineFromEnv(process.env, logger);
const sink = createAlertSink(loadAlertSinkConfig(process.env));

/**
 * Low-latency path: one CloudTrail record from EventBridge, minutes before its log file lands in
 * S3. The same rules give the same alert ids as the S3 path (threshold rules wait for the file).
 */
export const handler = async (event: unknown, context: Context): Promise<void> => {
  logger.addContext(context);
  const record = cloudTrailRecordOf(event);
  const alerts = engine.evaluateRecord(record);
  if (alerts.length > 0) await sink.send(alerts);
  logger.info('event evaluated', {
    eventSource: record.eventSource,
    eventName: record.eventName,
    eventID: record.eventID,
    alerts: alerts.length,
  });
};
