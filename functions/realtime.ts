import type { Context } from 'aws-lambda';
import { createAlertSink } from '../lib/alerts/create-alert-sink.js';
import { incidentStoreOf } from '../lib/aws/incident-table.js';
import { loadSettings } from '../lib/config/index.js';
import { logger } from '../lib/logger.js';
import { emfMetrics } from '../lib/metrics.js';
import { fileIncidentStore } from '../lib/local/incident-file.js';
import { coldStartRules } from '../lib/pipelines/cold-start-rules.js';
import { evaluateEventBridgeRecord } from '../lib/pipelines/realtime.js';

const settings = loadSettings(process.env);
const metrics = emfMetrics('realtime');
const rules = coldStartRules(settings.rules, logger, undefined, settings.context);
const deps = {
  engine: rules.engine,
  reportRuleFiles: rules.reportRuleFiles,
  quietMs: rules.quietMs, // a rule's own incident quiet period
  sink: createAlertSink(settings.alerts, { metrics }),
  log: logger,
  metrics,
  incidents: incidentStoreOf(settings.incidents, settings.core.region, fileIncidentStore),
};

/** EventBridge `AWS API Call via CloudTrail` (and the other CloudTrail detail-types): the rules on one event. */
export const handler = async (event: unknown, context: Context): Promise<void> => {
  logger.addContext(context);
  await metrics.flushAfter(() => evaluateEventBridgeRecord(event, deps));
};
