import type { AlertSink } from '../model/alert.js';
import type { Log } from '../model/log.js';
import type { RuleEngine } from '../rules/index.js';
import { cloudTrailRecordOf } from '../sources/eventbridge-cloudtrail.js';

/** What the realtime flow needs. */
export type RealtimeDeps = {
  engine: Pick<RuleEngine, 'evaluateRecord'>;
  sink: AlertSink;
  log: Log;
  /** Sends what the cold start found wrong in the rule folders, once (ColdStartRules.reportRuleFiles). */
  reportRuleFiles?: (sink: AlertSink) => Promise<void>;
};

/**
 * Low-latency path: one CloudTrail record from EventBridge, minutes before its log file lands in S3.
 * The same rules give the same alert ids as the S3 path (threshold rules wait for the file).
 * @returns the number of alerts sent
 * @throws UnknownEventError when the event carries no CloudTrail record; sink errors after retries
 *   (the cold start's rule-file findings, sent first and once, included)
 */
export const evaluateEventBridgeRecord = async (event: unknown, deps: RealtimeDeps): Promise<number> => {
  await deps.reportRuleFiles?.(deps.sink);
  const record = cloudTrailRecordOf(event);
  const alerts = deps.engine.evaluateRecord(record);
  if (alerts.length > 0) await deps.sink.send(alerts);
  deps.log.info('event evaluated', {
    eventSource: record.eventSource,
    eventName: record.eventName,
    eventID: record.eventID,
    alerts: alerts.length,
  });
  return alerts.length;
};
