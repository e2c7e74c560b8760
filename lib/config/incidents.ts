import { ConfigError } from '../model/errors.js';

/** Where incidents live on AWS. */
export type IncidentSettings = {
  /**
   * `INCIDENT_TABLE`: the DynamoDB table detections fold into (set by the stack for ingest,
   * realtime and logs).
   */
  table?: string;
  /**
   * `INCIDENT_STATE_FILE`: without a table, the file incidents are kept in between invocations
   * (`osls invoke local`, `npm start`; the format of `trailwatch detect --state`). Neither set:
   * no incidents, every alert goes out as it is.
   */
  stateFile?: string;
  /**
   * `FIRST_SEEN_LEARNING_DAYS`: how many days from the first eventTime the baseline store has
   * seen first-seen rules learn without alerting (default 7; 0 alerts from the start; docs/context.md).
   */
  learningDays: number;
  /**
   * `CORRELATION_TABLE`: the DynamoDB table where correlation and threshold states live between
   * files and invocations (set by the stack for ingest, realtime, logs and judge). Unset, with
   * INCIDENT_STATE_FILE: the states are kept in that file beside the incidents; neither:
   * correlations and thresholds are judged within each file.
   */
  correlationTable?: string;
};

/** The default learning period of first-seen rules, in days. */
export const DEFAULT_LEARNING_DAYS = 7;

/**
 * Reads a learning period in days: a non-negative number (fractions allowed), at most 3650.
 * @param text - the setting's text
 * @returns the days, or undefined when the text is not such a number
 */
export const parseLearningDays = (text: string): number | undefined => {
  if (!/^\d+(\.\d+)?$/.test(text.trim())) return undefined;
  const days = Number(text);
  return days <= 3650 ? days : undefined;
};

/** DynamoDB's table names: 3 to 255 of a-z, A-Z, 0-9, `_`, `-` and `.`. */
const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;

/**
 * Reads the incident settings.
 * @param env - usually `process.env`
 * @throws ConfigError naming INCIDENT_TABLE or CORRELATION_TABLE when it is not a DynamoDB table name,
 * INCIDENT_STATE_FILE when it names a folder, FIRST_SEEN_LEARNING_DAYS when it is not a number of days
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
 */
export const loadIncidentSettings = (env: NodeJS.ProcessEnv): IncidentSettings => {
  const table = tableName(env, 'INCIDENT_TABLE');
  const correlationTable = tableName(env, 'CORRELATION_TABLE');
  const stateFile = env.INCIDENT_STATE_FILE?.trim() || undefined;
  if (stateFile?.endsWith('/')) {
    throw new ConfigError(`INCIDENT_STATE_FILE must name a file, got the folder ${JSON.stringify(stateFile)}`);
  }
  const learningText = env.FIRST_SEEN_LEARNING_DAYS?.trim() || undefined;
  const learningDays = learningText === undefined ? DEFAULT_LEARNING_DAYS : parseLearningDays(learningText);
  if (learningDays === undefined) {
    throw new ConfigError(
      `FIRST_SEEN_LEARNING_DAYS must be a number of days from 0 to 3650, got ${JSON.stringify(learningText)}`
    );
  }
  return {
    ...(table !== undefined && { table }),
    ...(stateFile !== undefined && { stateFile }),
    ...(correlationTable !== undefined && { correlationTable }),
    learningDays,
  };
};

/** A table name variable: unset or blank is undefined; anything but a DynamoDB table name is refused, naming it. */
const tableName = (env: NodeJS.ProcessEnv, variable: string): string | undefined => {
  const table = env[variable]?.trim() || undefined;
  if (table !== undefined && !TABLE_NAME.test(table)) {
    throw new ConfigError(
      `${variable} must be a DynamoDB table name (3 to 255 of a-z A-Z 0-9 _ - .), got ${JSON.stringify(table)}`
    );
  }
  return table;
};
