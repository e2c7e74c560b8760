/**
 * The metrics trailwatch emits: one catalogue, read by the Lambda adapter (lib/metrics.ts), the
 * alarms test (which compares each alarm of serverless/resources-alarms.yml with it) and the docs.
 * Flows count through the {@link Metrics} port and never see how the values are shipped.
 */

/** The CloudWatch namespace of every trailwatch metric. */
export const METRICS_NAMESPACE = 'trailwatch';

/** The CloudWatch units the catalogue uses. */
export type MetricUnitName = 'Count' | 'Seconds';

/** One metric: its unit, the functions that emit it and what a value means. */
export type MetricDefinition = {
  unit: MetricUnitName;
  functions: readonly string[];
  meaning: string;
};

/** Metrics a function emits about its own work, with the dimensions `service` and `function`. */
export const FUNCTION_METRICS = {
  FilesProcessed: {
    unit: 'Count',
    functions: ['ingest'],
    meaning: 'log and Insights files summarised, damaged ones included',
  },
  Records: {
    unit: 'Count',
    functions: ['ingest', 'realtime', 'logs'],
    meaning: 'CloudTrail records read (from files, EventBridge events, CloudWatch Logs batches)',
  },
  DamagedFiles: {
    unit: 'Count',
    functions: ['ingest'],
    meaning: 'files that could not be read to their end: truncated, corrupt, not CloudTrail, missing',
  },
  BadRecords: {
    unit: 'Count',
    functions: ['ingest', 'realtime', 'logs'],
    meaning:
      'records skipped (invalid UTF-8 or JSON, too large, too deep); log events that are not CloudTrail records; EventBridge events refused (no CloudTrail record, forged source)',
  },
  RuleErrors: {
    unit: 'Count',
    functions: ['ingest', 'realtime', 'logs'],
    meaning: 'rule evaluations that threw on a record (the rule is skipped for that record)',
  },
  Notifications: {
    unit: 'Count',
    functions: ['ingest'],
    meaning: 'incident notifications decided (an incident opened or escalated), re-sends included',
  },
  DigestsVerified: {
    unit: 'Count',
    functions: ['verify'],
    meaning: 'digest files checked, a verdict written for each',
  },
  DigestsFailed: {
    unit: 'Count',
    functions: ['verify'],
    meaning: 'digests whose verdict is invalid: signature, chain, a log file changed or missing',
  },
  Lag: {
    unit: 'Seconds',
    functions: ['ingest', 'realtime', 'logs'],
    meaning: 'now minus the newest eventTime seen, one value per file, event or batch',
  },
} as const satisfies Record<string, MetricDefinition>;

/** Metrics of alert delivery, per sink, with the dimensions `service` and `sink`. */
export const SINK_METRICS = {
  AlertsSent: {
    unit: 'Count',
    functions: ['ingest', 'verify', 'heartbeat', 'realtime', 'logs', 'rollup', 'audit'],
    meaning: 'alerts a sink (sns, eventbridge, console) accepted',
  },
  AlertsUndelivered: {
    unit: 'Count',
    functions: ['ingest', 'verify', 'heartbeat', 'realtime', 'logs', 'rollup', 'audit'],
    meaning: 'alerts a sink still refused after the retries (the invocation fails and is retried)',
  },
} as const satisfies Record<string, MetricDefinition>;

/** The dimension names of each kind of metric, in the order the EMF lines list them. */
export const METRIC_DIMENSIONS = {
  function: ['service', 'function'],
  sink: ['service', 'sink'],
} as const;

export type FunctionMetricName = keyof typeof FUNCTION_METRICS;
export type SinkMetricName = keyof typeof SINK_METRICS;
export type MetricName = FunctionMetricName | SinkMetricName;

/** Every metric by name, for the adapter and the alarms test. */
export const METRICS: Readonly<Record<MetricName, MetricDefinition>> = { ...FUNCTION_METRICS, ...SINK_METRICS };

/** The name of every metric, e.g. `DamagedFiles`. */
export const METRIC_NAMES = Object.keys(METRICS) as readonly MetricName[];

/**
 * Where flows count what they did: EMF lines on Lambda (lib/metrics.ts), nothing in the CLI
 * ({@link noMetrics}). Values add up within an invocation; the handler flushes them at its end.
 */
export type Metrics = {
  /** Adds a value to a metric of the running function. */
  add(name: FunctionMetricName, value: number): void;
  /** Adds a value to a delivery metric of one alert sink (`sns`, `eventbridge`, `console`). */
  addForSink(sink: string, name: SinkMetricName, value: number): void;
};

/** Metrics that go nowhere: the CLI and tests that do not look at metrics. */
export const noMetrics: Metrics = {
  add: () => {},
  addForSink: () => {},
};

/**
 * Seconds from an ISO `eventTime` to `now`, never below zero; undefined when there is no time
 * or it does not parse.
 */
export const lagSeconds = (eventTime: string | undefined, now: Date): number | undefined => {
  if (eventTime === undefined) return undefined;
  const at = Date.parse(eventTime);
  return Number.isFinite(at) ? Math.max(0, (now.getTime() - at) / 1000) : undefined;
};
