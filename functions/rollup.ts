import type { Context } from 'aws-lambda';
import { createAlertSink } from '../lib/alerts/create-alert-sink.js';
import { loadAlertSinkConfig } from '../lib/alerts/load-alert-sink-config.js';
import { createClients } from '../lib/aws/clients.js';
import { loadConfig, requireResultsBucket } from '../lib/config.js';
import { loadCostSettings } from '../lib/cost/price-table.js';
import { s3RollupStore } from '../lib/aws/rollup-store.js';
import { parseRollupRequest, rollupBrief, runRollup } from '../lib/pipelines/rollup.js';
import { logger } from '../lib/logger.js';

const config = loadConfig(process.env);
const store = s3RollupStore(createClients(config).s3, requireResultsBucket(config));
const settings = loadCostSettings(process.env);
const sink = createAlertSink(loadAlertSinkConfig(process.env));

/** Scheduled: `{"mode":"hourly"}` updates hourly rollups and Insights; `{"mode":"daily"}` writes the day's cost report. */
export const handler = async (event: unknown, context: Context) => {
  logger.addContext(context);
  const request = parseRollupRequest(event);
  logger.appendKeys({ mode: request.mode });
  try {
    return rollupBrief(await runRollup(request, { store, sink, log: logger, settings }));
  } finally {
    logger.resetKeys();
  }
};
