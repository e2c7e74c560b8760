import { UnknownEventError } from '../model/errors.js';
import { awsSourceOf } from './aws-event-source.js';

/**
 * The time an EventBridge schedule fired for: its `Scheduled Event`'s `time`, which a retried
 * invocation carries unchanged, so that a flow keyed on it decides the same things again. An
 * event that is no EventBridge event (a manual invoke, `osls invoke local`) has none: undefined.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html
 * @param event - the Lambda event
 * @returns epoch milliseconds, or undefined for a manual invoke
 * @throws ForgedEventError when the event's `source` is not an AWS service's; UnknownEventError
 * when a `Scheduled Event` carries no valid `time`
 * @example
 * scheduledTimeOf({ source: 'aws.events', 'detail-type': 'Scheduled Event', time: '2026-03-04T06:05:00Z' })
 * // 1772604300000
 */
export const scheduledTimeOf = (event: unknown): number | undefined => {
  const e = (typeof event === 'object' && event !== null ? event : {}) as {
    source?: unknown;
    'detail-type'?: unknown;
    time?: unknown;
  };
  if (!('source' in e) && !('detail-type' in e)) return undefined;
  awsSourceOf(e);
  const time = typeof e.time === 'string' ? Date.parse(e.time) : Number.NaN;
  if (!Number.isFinite(time)) {
    throw new UnknownEventError(`scheduled event: "time" is not an ISO 8601 time (${JSON.stringify(e.time)})`);
  }
  return time;
};
