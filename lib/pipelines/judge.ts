import type { AlertSink } from '../model/alert.js';
import { ConfigError } from '../model/errors.js';
import type { IncidentStore } from '../model/incident.js';
import type { Log } from '../model/log.js';
import type { Clock } from '../model/ports.js';
import { scheduledTimeOf } from '../sources/scheduled-time.js';
import { type CorrelationDeps, hasClosingConditions, judgeClosedWindows, judgementSource } from './correlations.js';
import { deliverAlerts } from './incidents.js';

/**
 * How long after a window's end the scheduled judge decides it: CloudTrail delivers a file about
 * every 5 minutes and an event up to about 15 minutes after its eventTime, so a window is judged
 * once the events that belong to it have had 20 minutes to land.
 */
export const JUDGE_LATENESS_MS = 20 * 60_000;

/** What the scheduled judge needs. */
export type JudgeDeps = {
  /** The correlations and their store (the correlation table on Lambda): required. */
  correlations: CorrelationDeps | undefined;
  sink: AlertSink;
  log: Log;
  /** Where incidents live: what fires folds into them, as on every other path. */
  incidents?: IncidentStore;
  /** A rule's own quiet period in milliseconds (default 24 hours). */
  quietMs?: (ruleId: string) => number | undefined;
  /** The clock for a manual invoke (a schedule brings its own time). */
  now?: Clock;
  /** Default {@link JUDGE_LATENESS_MS}. */
  latenessMs?: number;
  /** Sends the cold start's configuration findings, once (ColdStartRules.reportRuleFiles). */
  reportRuleFiles?: (sink: AlertSink) => Promise<void>;
};

/**
 * The scheduled judgement of lt/lte/eq correlations (and ranges) on Lambda: the windows whose end
 * lies at least `latenessMs` before the schedule's time (the clock for a manual invoke) are
 * judged in every live state; the alerts of those that fire go through the incidents and the
 * sink, as a log file's do. A window that fired stays in its state, so no later run fires it
 * again; a retried invocation carries the same schedule time, judges at the same watermark and
 * sends again, with the same ids, what its first attempt fired. A window not yet closed by then
 * waits for a later run (or fires on the S3 path when a later match of its group lands).
 * @returns the number of alerts and incident notifications sent
 * First sends the cold start's configuration findings, once (`deps.reportRuleFiles`).
 * @throws ConfigError when no correlation store is configured; the store's and the sink's errors
 * as they are, so the invocation fails, Lambda retries it and its dead-letter queue keeps it
 */
export const judgeCorrelations = async (event: unknown, deps: JudgeDeps): Promise<number> => {
  if (deps.correlations === undefined) {
    throw new ConfigError('judge: no correlation store; set CORRELATION_TABLE (or INCIDENT_STATE_FILE for local runs)');
  }
  await deps.reportRuleFiles?.(deps.sink);
  if (!hasClosingConditions(deps.correlations.correlations)) {
    deps.log.info('correlations judged', { judged: 0, reason: 'no lt, lte or eq correlation is loaded' });
    return 0;
  }
  const at = scheduledTimeOf(event) ?? (deps.now?.() ?? new Date()).getTime();
  const watermark = at - (deps.latenessMs ?? JUDGE_LATENESS_MS);
  const fired = await judgeClosedWindows(deps.correlations, watermark);
  const sent = await deliverAlerts(fired, judgementSource(watermark), deps, { counts: true });
  deps.log.info('correlations judged', { until: new Date(watermark).toISOString(), fired: fired.length, sent });
  return sent;
};
