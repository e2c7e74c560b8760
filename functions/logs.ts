import type { Context } from 'aws-lambda';
import { createAlertSink } from '../lib/alerts/create-alert-sink.js';
import { loadSettings } from '../lib/config/index.js';
import { logger } from '../lib/logger.js';
import { emfMetrics } from '../lib/metrics.js';
import { evaluateLogsBatch } from '../lib/pipelines/logs.js';
import { buildRuleEngine } from '../lib/rules/index.js';

const settings = loadSettings(process.env);
const metrics = emfMetrics('logs');
const deps = {
  detectorFor: buildRuleEngine(settings.rules, logger).detector,
  sink: createAlertSink(settings.alerts, { metrics }),
  log: logger,
  metrics,
};

/** CloudWatch Logs subscription of a trail's log group: the same records, rules and alert ids as the S3 path. */
export const handler = async (event: unknown, context: Context): Promise<void> => {
  logger.addContext(context);
  await metrics.flushAfter(() => evaluateLogsBatch(event, deps));
};
