import { type AlertClients, createAlertClients } from '../aws/clients.js';
import { listAccountNames } from '../aws/organizations.js';
import type { Log } from '../model/log.js';
import type { Metrics } from '../model/metrics.js';
import { logger } from '../logger.js';
import { accountDirectory } from './account-directory.js';
import { SINK_NAMES } from './constants.js';
import { consoleSink } from './console-sink.js';
import { eventBridgeSink } from './eventbridge-sink.js';
import { type FanOutOptions, fanOutSink, type SinkRoute } from './fan-out-sink.js';
import type { AlertSinkConfig } from './alert-sink-config.js';
import { securityHubSink } from './securityhub-sink.js';
import { snsSink } from './sns-sink.js';
import { type AlertSink, severityRank } from '../model/alert.js';
import type { IncidentClosing } from '../model/incident.js';
import { withAccountNames } from './with-account-names.js';

/** What `createAlertSink` may be handed instead of making it (tests, the CLI). */
export type AlertSinkDeps = {
  clients?: Partial<AlertClients>;
  log?: Log;
  /** Where the console fallback writes lines (stdout by default). */
  write?: (line: string) => void;
  /** Where each sink counts the alerts it sent and could not deliver (nowhere by default). */
  metrics?: Metrics;
  /** How the destinations are fanned out to (fan-out-sink.ts): the CLI gives up on one that is down. */
  fanOut?: FanOutOptions;
};

/** The configured sink, plus which destinations it sends to (for logs and the CLI's summary). */
export type ConfiguredAlertSink = AlertSink & { destinations: readonly string[] };

/**
 * Builds the alert sink from configuration: SNS when a topic is set, EventBridge when a bus is
 * set, Security Hub when enabled (one ASFF finding per incident), each with its own minimum severity, fanned out together; account names filled in from
 * the configured map (and Organizations when enabled). With none of them set it
 * falls back to the console JSONL sink (or to nothing, with `fallback: 'none'`, for callers
 * that print alerts themselves, like `trailwatch detect`).
 *
 * Delivery is at-least-once with stable ids: `send` resolves only when every alert reached
 * every sink that wants it, and otherwise throws AlertDeliveryError naming every undelivered
 * id, so the Lambda invocation fails and its retries / on-failure destination keep the event.
 * A retry re-sends the same alert ids (SNS FIFO drops them itself; other consumers de-duplicate
 * on `id`). With Security Hub on, the sink also has `close`: closed incidents (at or above its
 * minimum severity) resolve their findings; SNS, EventBridge and the console get no closings.
 * @param config - from `loadAlertSinkConfig(process.env)` or built by the caller
 * @param deps - injected clients, logger, console writer, metrics
 * @returns the sink and its destinations
 * @example
 * const sink = createAlertSink({ ...loadAlertSinkConfig(process.env), snsTopicArn, eventBus: 'default', fallback: 'none' });
 * await sink.send(alerts); // throws AlertDeliveryError if anything is left undelivered
 */
export const createAlertSink = (config: AlertSinkConfig, deps: AlertSinkDeps = {}): ConfiguredAlertSink => {
  const log: Log = deps.log ?? logger;
  const needs =
    config.snsTopicArn !== undefined ||
    config.eventBus !== undefined ||
    config.securityHub === true ||
    config.organizationsLookup;
  const made = needs
    ? createAlertClients({
        region: config.region,
        ...(config.snsEndpoint !== undefined && { snsEndpoint: config.snsEndpoint }),
        ...(config.eventBridgeEndpoint !== undefined && { eventBridgeEndpoint: config.eventBridgeEndpoint }),
        ...(config.organizationsEndpoint !== undefined && { organizationsEndpoint: config.organizationsEndpoint }),
        ...(config.securityHubEndpoint !== undefined && { securityHubEndpoint: config.securityHubEndpoint }),
        ...(config.maxAttempts !== undefined && { maxAttempts: config.maxAttempts }),
        ...(config.requestTimeoutMs !== undefined && { requestTimeoutMs: config.requestTimeoutMs }),
      })
    : undefined;
  const clients = { ...made, ...deps.clients };
  const common = { format: config.format, log, ...(config.retry !== undefined && { retry: config.retry }) };

  const routes: SinkRoute[] = [];
  let closer: SinkRoute | undefined;
  if (config.snsTopicArn !== undefined && clients.sns !== undefined) {
    routes.push({
      name: SINK_NAMES.sns,
      sink: snsSink({ sns: clients.sns, topicArn: config.snsTopicArn, ...common }),
      ...(config.minSeveritySns !== undefined && { minSeverity: config.minSeveritySns }),
    });
  }
  if (config.eventBus !== undefined && clients.eventBridge !== undefined) {
    routes.push({
      name: SINK_NAMES.eventBridge,
      sink: eventBridgeSink({ eventBridge: clients.eventBridge, eventBusName: config.eventBus, ...common }),
      ...(config.minSeverityEventBridge !== undefined && { minSeverity: config.minSeverityEventBridge }),
    });
  }
  if (config.securityHub === true && clients.securityHub !== undefined) {
    closer = {
      name: SINK_NAMES.securityHub,
      sink: securityHubSink({
        securityHub: clients.securityHub,
        region: config.region,
        ...(config.securityHubAccount !== undefined && { account: config.securityHubAccount }),
        log,
        ...(config.retry !== undefined && { retry: config.retry }),
      }),
      ...(config.minSeveritySecurityHub !== undefined && { minSeverity: config.minSeveritySecurityHub }),
    };
    routes.push(closer);
  }
  if (routes.length === 0 && config.fallback !== 'none') {
    routes.push({
      name: SINK_NAMES.console,
      sink: consoleSink(deps.write, config.fallback === 'text' ? 'text' : 'jsonl'),
    });
  }

  const organizations = clients.organizations;
  const directory = accountDirectory({
    names: config.accountNames,
    ...(config.organizationsLookup &&
      organizations !== undefined && { listAccounts: () => listAccountNames(organizations) }),
    log,
  });
  const sink = withAccountNames(fanOutSink(routes, log, deps.metrics, deps.fanOut), directory);
  const close = closer?.sink.close;
  const min = severityRank(closer?.minSeverity ?? 'info');
  return {
    send: sink.send,
    destinations: routes.map((r) => r.name),
    // Closings go to Security Hub only, for the incidents whose finding it was given.
    ...(close !== undefined && {
      close: async (closings: readonly IncidentClosing[]) => {
        const wanted = closings.filter((c) => severityRank(c.severity) >= min);
        if (wanted.length > 0) await close(wanted);
      },
    }),
  };
};
