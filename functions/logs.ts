import type { Context } from 'aws-lambda';
import { createAlertSink } from '../lib/alerts/create-alert-sink.js';
import { stateStoresOf } from '../lib/aws/state-stores.js';
import { loadSettings } from '../lib/config/index.js';
import { logger } from '../lib/logger.js';
import { emfMetrics } from '../lib/metrics.js';
import { fileStateStores } from '../lib/local/incident-file.js';
import { coldStartRules } from '../lib/pipelines/cold-start-rules.js';
import { evaluateLogsBatch } from '../lib/pipelines/logs.js';

const settings = loadSettings(process.env);
const metrics = emfMetrics('logs');
const rules = coldStartRules(
  settings.rules,
  logger,
  stateStoresOf(settings.incidents, settings.core.region, fileStateStores)
);
const deps = {
  ...rules, // quietMs, reportRuleFiles, and the incident and correlation stores
  detectorFor: rules.detector,
  sink: createAlertSink(settings.alerts, { metrics }),
  log: logger,
  metrics,
};

/** CloudWatch Logs subscription of a trail's log group: the same records, rules and alert ids as the S3 path. */
export const handler = async (event: unknown, context: Context): Promise<void> => {
  logger.addContext(context);
  await metrics.flushAfter(() => evaluateLogsBatch(event, deps));
};
