import type { Alert, AlertSink } from '../model/alert.js';
import type { Log } from '../model/log.js';

/**
 * Sends alerts known at cold start (the rule files buildRuleEngine left out) once per cold
 * start: a handler calls the returned function at the start of every invocation; the first call
 * sends, later calls do nothing. When delivery fails the call throws, so that invocation fails
 * (and its event is retried), and the next invocation tries again: the finding is never dropped.
 * @param alerts - the alerts to send (nothing is sent when empty)
 * @param sink - the function's alert sink
 * @param log - where a successful send is noted
 * @returns the function to await at the start of each invocation
 * @example
 * const reportRuleFiles = sendOnce(rules.findings, sink, logger);
 * export const handler = async (event: unknown) => { await reportRuleFiles(); … };
 */
export const sendOnce = (alerts: readonly Alert[], sink: AlertSink, log: Log): (() => Promise<void>) => {
  let sent = alerts.length === 0;
  return async () => {
    if (sent) return;
    await sink.send(alerts);
    sent = true;
    log.info('cold start findings sent', {
      findings: alerts.length,
      ruleIds: [...new Set(alerts.map((a) => a.ruleId))],
    });
  };
};
