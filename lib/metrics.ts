import { Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import { METRICS, METRICS_NAMESPACE, type Metrics } from './model/metrics.js';

/** The metrics of one Lambda function, plus the flush its handler calls at the end of each invocation. */
export type FlushingMetrics = Metrics & {
  /** Writes the values of this invocation as EMF lines on stdout and starts over (no-op when empty). */
  flush(): void;
  /**
   * Runs one invocation and flushes when it ends, whether it resolved or threw, so a failed
   * invocation still reports what it counted (undelivered alerts above all).
   */
  flushAfter<T>(run: () => Promise<T>): Promise<T>;
};

/**
 * The {@link Metrics} port on Lambda: Powertools Metrics writes CloudWatch Embedded Metric Format
 * lines to stdout, which CloudWatch Logs turns into metrics (no API call, no extra permission).
 * Namespace `trailwatch`; every line carries the `service` dimension (from `POWERTOOLS_SERVICE_NAME`,
 * the stack name `<service>-<stage>` as serverless.yml sets it). Function metrics add `function`,
 * sink metrics add `sink`, so one alarm per sink covers every function. `POWERTOOLS_METRICS_DISABLED=true`
 * (or `POWERTOOLS_DEV=true`, as in the tests) turns the lines off.
 * @param functionName - the short function name of the `function` dimension, e.g. `ingest`
 * @example
 * const metrics = emfMetrics('ingest'); // once per cold start
 * export const handler = async (event: unknown) => metrics.flushAfter(() => ingestEvent(event, { ...deps, metrics }));
 */
export const emfMetrics = (functionName: string): FlushingMetrics => {
  const own = new PowertoolsMetrics({ namespace: METRICS_NAMESPACE, defaultDimensions: { function: functionName } });
  const bySink = new Map<string, PowertoolsMetrics>();
  const sinkMetrics = (sink: string): PowertoolsMetrics => {
    let metrics = bySink.get(sink);
    if (metrics === undefined) {
      metrics = new PowertoolsMetrics({ namespace: METRICS_NAMESPACE, defaultDimensions: { sink } });
      bySink.set(sink, metrics);
    }
    return metrics;
  };
  const flush = (): void => {
    for (const metrics of [own, ...bySink.values()]) if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return {
    add: (name, value) => void own.addMetric(name, METRICS[name].unit, value),
    addForSink: (sink, name, value) => void sinkMetrics(sink).addMetric(name, METRICS[name].unit, value),
    flush,
    flushAfter: async (run) => {
      try {
        return await run();
      } finally {
        flush();
      }
    },
  };
};
