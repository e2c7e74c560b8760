import type { Context } from 'aws-lambda';
import { createAlertSink } from '../lib/alerts/create-alert-sink.js';
import { stateStoresOf } from '../lib/aws/state-stores.js';
import { loadSettings } from '../lib/config/index.js';
import { fileStateStores } from '../lib/local/incident-file.js';
import { logger } from '../lib/logger.js';
import { emfMetrics } from '../lib/metrics.js';
import { coldStartRules } from '../lib/pipelines/cold-start-rules.js';
import { judgeCorrelations } from '../lib/pipelines/judge.js';

const settings = loadSettings(process.env);
const metrics = emfMetrics('judge');
const stores = stateStoresOf(settings.incidents, settings.core.region, fileStateStores);
const deps = {
  ...coldStartRules(settings.rules, logger, stores), // the correlations, their store, the incidents
  sink: createAlertSink(settings.alerts, { metrics }),
  log: logger,
};

/** Scheduled: judges the lt/lte/eq correlation windows that have closed, and sends what fires. */
export const handler = async (event: unknown, context: Context): Promise<void> => {
  logger.addContext(context);
  await metrics.flushAfter(() => judgeCorrelations(event, deps));
};
