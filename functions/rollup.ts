import type { Context } from 'aws-lambda';
import { createAlertSink } from '../lib/alerts/create-alert-sink.js';
import { createClients } from '../lib/aws/clients.js';
import { s3RollupStore } from '../lib/aws/rollup-store.js';
import { loadCostSettings } from '../lib/config/cost.js';
import { loadSettings, requireResultsBucket } from '../lib/config/index.js';
import { logger } from '../lib/logger.js';
import { emfMetrics } from '../lib/metrics.js';
import { parseRollupRequest, rollupBrief, runRollup } from '../lib/pipelines/rollup.js';
const settings = loadSettings(process.env);
const metrics = emfMetrics('rollup');
const deps = {
  store: s3RollupStore(createClients(settings.core).s3, requireResultsBucket(settings.core)),
  sink: createAlertSink(settings.alerts, { metrics }),
  log: logger,
  settings: loadCostSettings(process.env),
};

/** Scheduled: `{"mode":"hourly"}` updates hourly rollups and Insights; `{"mode":"daily"}` writes the day's cost report. */
export const handler = async (event: unknown, context: Context) => {
  logger.addContext(context);
  const request = parseRollupRequest(event);
  logger.appendKeys({ mode: request.mode });
  try {
    return rollupBrief(await runRollup(request, deps));
  } finally {
    logger.resetKeys();
    metrics.flush();
  }
};
