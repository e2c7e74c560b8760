import type { Context } from 'aws-lambda';
import { createAlertSink } from '../lib/alerts/create-alert-sink.js';
import { stateStoresOf } from '../lib/aws/state-stores.js';
import { loadSettings } from '../lib/config/index.js';
import { logger } from '../lib/logger.js';
import { emfMetrics } from '../lib/metrics.js';
import { fileStateStores } from '../lib/local/incident-file.js';
import { coldStartRules } from '../lib/pipelines/cold-start-rules.js';
import { evaluateEventBridgeRecord } from '../lib/pipelines/realtime.js';

const settings = loadSettings(process.env);
const metrics = emfMetrics('realtime');
const stores = stateStoresOf(settings.incidents, settings.core.region, fileStateStores);
const deps = {
  // engine, quietMs, reportRuleFiles, and the incidents and correlations (one write per state an event touches)
  ...coldStartRules(settings.rules, logger, stores),
  sink: createAlertSink(settings.alerts, { metrics }),
  log: logger,
  metrics,
};

/** EventBridge `AWS API Call via CloudTrail` (and the other CloudTrail detail-types): the rules on one event. */
export const handler = async (event: unknown, context: Context): Promise<void> => {
  logger.addContext(context);
  await metrics.flushAfter(() => evaluateEventBridgeRecord(event, deps));
};
