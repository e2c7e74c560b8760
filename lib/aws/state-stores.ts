import type { CorrelationStore } from '../model/correlation.js';
import type { IncidentStore } from '../model/incident.js';
import type { BaselineStore, FirstSeenDeps } from '../model/baseline.js';
import { learningMsOf } from '../incidents/baseline-keys.js';
import { dynamoBaselineStore } from './baseline-table.js';
import { createDynamoDbClient } from './clients.js';
import { dynamoCorrelationStore } from './correlation-table.js';
import { dynamoIncidentStore } from './incident-table.js';

/** Where a Lambda function keeps incidents, correlation states and first-seen baselines; absent: none kept. */
export type StateStores = { incidents?: IncidentStore; correlations?: CorrelationStore; firstSeen?: FirstSeenDeps };

/**
 * The incident and correlation stores a Lambda function runs with, built once per cold start:
 * the DynamoDB tables `INCIDENT_TABLE` and `CORRELATION_TABLE` name, each on its own; with
 * neither, both in the state file `INCIDENT_STATE_FILE` names (local runs; the file stores come
 * in from lib/local); none of the three: no store, every alert goes out as it is and
 * correlations are judged within each file. The first-seen baselines live with the incidents: on
 * the incident table under `baseline#` keys (lib/aws/baseline-table.ts), or in the state file,
 * with the learning period of `FIRST_SEEN_LEARNING_DAYS`; without either, first-seen rules are silent.
 * @param settings - `settings.incidents`
 * @param region - the tables' region (`settings.core.region`)
 * @param fileStores - the stores on one state file (`fileStateStores`)
 * @param env - for the endpoint overrides (`AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL`)
 * @example
 * const { incidents, correlations } = stateStoresOf(settings.incidents, settings.core.region, fileStateStores);
 */
export const stateStoresOf = (
  settings: { table?: string; correlationTable?: string; stateFile?: string; learningDays?: number },
  region: string,
  fileStores: (path: string) => { incidents: IncidentStore; correlations: CorrelationStore; baselines: BaselineStore },
  env: NodeJS.ProcessEnv = process.env
): StateStores => {
  const { table, correlationTable, stateFile } = settings;
  const learningMs = learningMsOf(settings.learningDays ?? DEFAULT_LEARNING_DAYS);
  if (table === undefined && correlationTable === undefined) {
    if (!stateFile) return {};
    const { incidents, correlations, baselines } = fileStores(stateFile);
    return { incidents, correlations, firstSeen: { store: baselines, learningMs } };
  }
  const client = createDynamoDbClient(region, env);
  return {
    ...(table !== undefined && {
      incidents: dynamoIncidentStore(client, table),
      firstSeen: { store: dynamoBaselineStore(client, table), learningMs },
    }),
    ...(correlationTable !== undefined && { correlations: dynamoCorrelationStore(client, correlationTable) }),
  };
};

/** The learning period when the settings give none (`FIRST_SEEN_LEARNING_DAYS`' default). */
const DEFAULT_LEARNING_DAYS = 7;
