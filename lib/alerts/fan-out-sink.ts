import type { Log } from '../model/log.js';
import { silentLog } from '../model/log.js';
import { type Metrics, noMetrics } from '../model/metrics.js';
import { classifyError } from './classify-error.js';
import { AlertDeliveryError, type UndeliveredAlert } from './errors.js';
import type { Alert, AlertSink, Severity } from '../model/alert.js';
import { severityRank } from '../model/alert.js';

/** One destination of a fan-out: a sink and the least severe alert it wants. */
export type SinkRoute = { name: string; sink: AlertSink; minSeverity?: Severity };

const wantedBy = (route: SinkRoute, alerts: readonly Alert[]): Alert[] => {
  const min = severityRank(route.minSeverity ?? 'info');
  return alerts.filter((a) => severityRank(a.severity) >= min);
};

/**
 * Sends every alert (once per id) to every route whose minimum severity it meets, all routes at once, and
 * waits for all of them: one sink failing never stops another. When any route failed, throws
 * one AlertDeliveryError listing per sink which alert ids were not delivered (the
 * `outputs_sent` idea: the caller knows exactly what is missing where). Each route that was given
 * alerts counts `AlertsSent` and `AlertsUndelivered` under its name.
 * @param routes - the sinks, each with an optional minimum severity (default: everything)
 * @param log - where delivery failures are logged
 * @param metrics - where the per-sink delivery counts go
 * @returns a sink
 * @example fanOutSink([{ name: 'sns', sink: sns, minSeverity: 'high' }, { name: 'eventbridge', sink: bus }])
 */
export const fanOutSink = (
  routes: readonly SinkRoute[],
  log: Log = silentLog,
  metrics: Metrics = noMetrics
): AlertSink => ({
  send: async (given: readonly Alert[]) => {
    // The same id twice (one event matched via two files) is one alert: send it once.
    const alerts = [...new Map(given.map((a) => [a.id, a])).values()];
    if (alerts.length < given.length)
      log.debug('duplicate alert ids merged', { alerts: given.length, unique: alerts.length });
    const wanted = routes.map((route) => wantedBy(route, alerts));
    const outcomes = await Promise.allSettled(
      routes.map(async (route, i) => {
        const some = wanted[i] as Alert[];
        if (some.length > 0) await route.sink.send(some);
      })
    );
    const undelivered: UndeliveredAlert[] = [];
    const causes: unknown[] = [];
    outcomes.forEach((outcome, i) => {
      const route = routes[i] as SinkRoute;
      const before = undelivered.length;
      if (outcome.status === 'rejected') {
        causes.push(outcome.reason);
        if (outcome.reason instanceof AlertDeliveryError) {
          undelivered.push(...outcome.reason.undelivered.map((u) => ({ ...u, sink: route.name })));
        } else {
          // A sink that threw something else delivered nothing we can prove: count all it was given.
          const verdict = classifyError(outcome.reason);
          for (const alert of wanted[i] as Alert[]) {
            undelivered.push({
              id: alert.id,
              sink: route.name,
              errorCode: verdict.code,
              errorMessage: verdict.message,
            });
          }
        }
      }
      const given = (wanted[i] as Alert[]).length;
      if (given === 0) return;
      const missed = new Set(undelivered.slice(before).map((u) => u.id)).size;
      metrics.addForSink(route.name, 'AlertsSent', given - missed);
      metrics.addForSink(route.name, 'AlertsUndelivered', missed);
    });
    if (undelivered.length === 0) return;
    log.error('alerts not delivered', {
      alerts: alerts.length,
      undelivered: undelivered.length,
      sinks: [...new Set(undelivered.map((u) => u.sink))],
    });
    throw new AlertDeliveryError(undelivered, alerts.length, {
      cause:
        causes.length === 1
          ? causes[0]
          : new AggregateError(causes, `${undelivered.length} of ${alerts.length} alerts not delivered`),
    });
  },
});
