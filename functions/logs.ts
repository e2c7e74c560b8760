import type { Context } from 'aws-lambda';
import { createAlertSink } from '../lib/alerts/create-alert-sink.js';
import { loadAlertSinkConfig } from '../lib/alerts/load-alert-sink-config.js';
import { logger } from '../lib/logger.js';
import { ruleEngineFromEnv } from '../lib/rules/index.js';
import { decodeLogsEvent, logsBatchViews } from '../lib/sources/cloudwatch-logs.js';

const sink = createAlertSink(loadAlertSinkConfig(process.env));
const detectorFor = ruleEngineFromEnv(process.env, logger).detector;

/** CloudWatch Logs subscription of a trail's log group: the same records, rules and alert ids as the S3 path. */
export const handler = async (event: unknown, context: Context): Promise<void> => {
  logger.addContext(context);
  const batch = decodeLogsEvent(event, logger);
  logger.appendKeys({ logGroup: batch.logGroup, logStream: batch.logStream });
  try {
    const detector = detectorFor({ bucket: batch.logGroup, key: batch.logStream });
    for (const view of logsBatchViews(batch)) detector.onRecord(view);
    const alerts = detector.finish();
    if (alerts.length > 0) await sink.send(alerts);
    logger.info('log events processed', {
      records: batch.records.length,
      rejected: batch.rejected.length,
      alerts: alerts.length,
    });
  } finally {
    logger.resetKeys();
  }
};
