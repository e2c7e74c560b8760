import type { CorrelationStore } from '../model/correlation.js';
import type { IncidentStore } from '../model/incident.js';
import { createDynamoDbClient } from './clients.js';
import { dynamoCorrelationStore } from './correlation-table.js';
import { dynamoIncidentStore } from './incident-table.js';

/** Where a Lambda function keeps incidents and correlation states; absent: none kept. */
export type StateStores = { incidents?: IncidentStore; correlations?: CorrelationStore };

/**
 * The incident and correlation stores a Lambda function runs with, built once per cold start:
 * the DynamoDB tables `INCIDENT_TABLE` and `CORRELATION_TABLE` name, each on its own; with
 * neither, both in the state file `INCIDENT_STATE_FILE` names (local runs; the file stores come
 * in from lib/local); none of the three: no store, every alert goes out as it is and
 * correlations are judged within each file.
 * @param settings - `settings.incidents`
 * @param region - the tables' region (`settings.core.region`)
 * @param fileStores - both stores on one state file (`fileStateStores`)
 * @param env - for the endpoint overrides (`AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL`)
 * @example
 * const { incidents, correlations } = stateStoresOf(settings.incidents, settings.core.region, fileStateStores);
 */
export const stateStoresOf = (
  settings: { table?: string; correlationTable?: string; stateFile?: string },
  region: string,
  fileStores: (path: string) => Required<StateStores>,
  env: NodeJS.ProcessEnv = process.env
): StateStores => {
  const { table, correlationTable, stateFile } = settings;
  if (table === undefined && correlationTable === undefined) return stateFile ? fileStores(stateFile) : {};
  const client = createDynamoDbClient(region, env);
  return {
    ...(table !== undefined && { incidents: dynamoIncidentStore(client, table) }),
    ...(correlationTable !== undefined && { correlations: dynamoCorrelationStore(client, correlationTable) }),
  };
};
