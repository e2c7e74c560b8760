import type { Context } from 'aws-lambda';
import { createAlertSink } from '../lib/alerts/create-alert-sink.js';
import { stateStoresOf } from '../lib/aws/state-stores.js';
import { loadSettings } from '../lib/config/index.js';
import { fileStateStores } from '../lib/local/incident-file.js';
import { logger } from '../lib/logger.js';
import { sweepIncidents } from '../lib/pipelines/close-incidents.js';
const settings = loadSettings(process.env);
const deps = {
  store: stateStoresOf(settings.incidents, settings.core.region, fileStateStores).incidents,
  sink: createAlertSink(settings.alerts),
  log: logger,
};

/** Scheduled: closes the incidents quiet past their period by now and resolves their Security Hub findings. */
export const handler = async (_event: unknown, context: Context) => {
  logger.addContext(context);
  return sweepIncidents(deps);
};
