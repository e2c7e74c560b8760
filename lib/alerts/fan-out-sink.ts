import type { Log } from '../model/log.js';
import { silentLog } from '../model/log.js';
import { type Metrics, noMetrics } from '../model/metrics.js';
import { classifyError } from './classify-error.js';
import { AlertDeliveryError, type UndeliveredAlert } from './errors.js';
import type { Alert, AlertSink, Severity } from '../model/alert.js';
import { severityRank } from '../model/alert.js';

/** One destination of a fan-out: a sink and the least severe alert it wants. */
export type SinkRoute = { name: string; sink: AlertSink; minSeverity?: Severity };

/**
 * Error codes that say a destination, not an alert, is at fault: it cannot be reached, does not
 * exist, or refuses these credentials. A send that failed every alert with one of them will fail
 * the next one too.
 */
const DESTINATION_DOWN: ReadonlySet<string> = new Set([
  // The network (Node's socket errors, the SDK's timeout)
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'TimeoutError',
  // No such topic or bus, or Security Hub not enabled
  'NotFound',
  'NotFoundException',
  'ResourceNotFoundException',
  'InvalidAccessException',
  // Credentials
  'CredentialsProviderError',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'AccessDenied',
  'AccessDeniedException',
  'AuthorizationError',
]);

/** Options of {@link fanOutSink}. */
export type FanOutOptions = {
  /**
   * Stop sending to a destination for the life of the sink once a send failed every alert it
   * was given with a {@link DESTINATION_DOWN} code: later alerts for it are reported undelivered
   * at once (same code, `not sent:` message) instead of paying its retries again. For a run over
   * many files (the CLI); off by default.
   */
  stopAtDownDestination?: boolean;
};

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
 * @param options - see {@link FanOutOptions}
 * @returns a sink
 * @example fanOutSink([{ name: 'sns', sink: sns, minSeverity: 'high' }, { name: 'eventbridge', sink: bus }])
 */
export const fanOutSink = (
  routes: readonly SinkRoute[],
  log: Log = silentLog,
  metrics: Metrics = noMetrics,
  options: FanOutOptions = {}
): AlertSink => {
  /** Destinations given up on (stopAtDownDestination), with the error code that stopped them. */
  const down = new Map<string, string>();
  const notSent = (route: SinkRoute, alerts: readonly Alert[]): AlertDeliveryError => {
    const errorCode = down.get(route.name) as string;
    const errorMessage = `not sent: ${route.name} failed every alert of an earlier send in this run (${errorCode})`;
    return new AlertDeliveryError(
      alerts.map((a) => ({ id: a.id, sink: route.name, errorCode, errorMessage, notTried: true })),
      alerts.length
    );
  };
  return {
    send: async (given: readonly Alert[]) => {
      // The same id twice (one event matched via two files) is one alert: send it once.
      const alerts = [...new Map(given.map((a) => [a.id, a])).values()];
      if (alerts.length < given.length)
        log.debug('duplicate alert ids merged', { alerts: given.length, unique: alerts.length });
      const wanted = routes.map((route) => wantedBy(route, alerts));
      const outcomes = await Promise.allSettled(
        routes.map(async (route, i) => {
          const some = wanted[i] as Alert[];
          if (some.length === 0) return;
          if (down.has(route.name)) throw notSent(route, some);
          await route.sink.send(some);
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
        const lost = undelivered.slice(before);
        const missed = new Set(lost.map((u) => u.id)).size;
        metrics.addForSink(route.name, 'AlertsSent', given - missed);
        metrics.addForSink(route.name, 'AlertsUndelivered', missed);
        const failure = lost[0];
        if (
          options.stopAtDownDestination &&
          failure !== undefined &&
          missed === given &&
          !down.has(route.name) &&
          lost.every((u) => u.errorCode === failure.errorCode) &&
          DESTINATION_DOWN.has(failure.errorCode)
        ) {
          down.set(route.name, failure.errorCode);
          log.error('alert destination given up for this run', {
            sink: route.name,
            errorCode: failure.errorCode,
            errorMessage: failure.errorMessage,
          });
        }
      });
      if (undelivered.length === 0) return;
      // Alerts not even tried (a destination given up on) were logged when it was given up.
      if (undelivered.every((u) => u.notTried)) throw new AlertDeliveryError(undelivered, alerts.length);
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
  };
};
