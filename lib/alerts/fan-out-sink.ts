import type { Log } from '../model/log.js';
import { silentLog } from '../model/log.js';
import { classifyError } from './classify-error.js';
import { AlertDeliveryError, type UndeliveredAlert } from './errors.js';
import type { Alert, AlertSink, Severity } from '../model/alert.js';
import { severityRank } from '../model/alert.js';

/** One destination of a fan-out: a sink and the least severe alert it wants. */
export type SinkRoute = { name: string; sink: AlertSink; minSeverity?: Severity };

/**
 * Sends every alert (once per id) to every route whose minimum severity it meets, all routes at once, and
 * waits for all of them: one sink failing never stops another. When any route failed, throws
 * one AlertDeliveryError listing per sink which alert ids were not delivered (the
 * `outputs_sent` idea: the caller knows exactly what is missing where).
 * @param routes - the sinks, each with an optional minimum severity (default: everything)
 * @param log - where delivery failures are logged
 * @returns a sink
 * @example fanOutSink([{ name: 'sns', sink: sns, minSeverity: 'high' }, { name: 'eventbridge', sink: bus }])
 */
export const fanOutSink = (routes: readonly SinkRoute[], log: Log = silentLog): AlertSink => ({
  send: async (given: readonly Alert[]) => {
    // The same id twice (one event matched via two files) is one alert: send it once.
    const alerts = [...new Map(given.map((a) => [a.id, a])).values()];
    if (alerts.length < given.length)
      log.debug('duplicate alert ids merged', { alerts: given.length, unique: alerts.length });
    const outcomes = await Promise.allSettled(
      routes.map(async (route) => {
        const min = severityRank(route.minSeverity ?? 'info');
        const wanted = alerts.filter((a) => severityRank(a.severity) >= min);
        if (wanted.length > 0) await route.sink.send(wanted);
        return wanted;
      })
    );
    const undelivered: UndeliveredAlert[] = [];
    const causes: unknown[] = [];
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'fulfilled') return;
      const route = routes[i] as SinkRoute;
      causes.push(outcome.reason);
      if (outcome.reason instanceof AlertDeliveryError) {
        undelivered.push(...outcome.reason.undelivered.map((u) => ({ ...u, sink: route.name })));
        return;
      }
      // A sink that threw something else delivered nothing we can prove: count all it was given.
      const verdict = classifyError(outcome.reason);
      const min = severityRank(route.minSeverity ?? 'info');
      for (const alert of alerts) {
        if (severityRank(alert.severity) < min) continue;
        undelivered.push({ id: alert.id, sink: route.name, errorCode: verdict.code, errorMessage: verdict.message });
      }
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
