import { awsSourceOf } from './aws-event-source.js';

/** Why the audit Lambda runs: its schedule, a trail or bucket change, or a manual invoke. */
export type AuditTrigger =
  | { kind: 'schedule' }
  | { kind: 'change'; eventSource: string; eventName: string; region?: string }
  | { kind: 'manual' };

/**
 * Names the trigger of an audit run, for the log. Any event runs the full audit; this only says
 * which. EventBridge `Scheduled Event`s are the daily run; `AWS API Call via CloudTrail` events
 * (StopLogging, UpdateTrail, PutBucketPolicy…) are changes; an event that is no EventBridge event
 * (no `source`, no `detail-type`) is a manual invoke. An EventBridge event whose `source` is not an
 * AWS service's was put on the bus by someone with `events:PutEvents`, not sent by AWS: it is
 * refused, so it can neither start nor flood audits.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html
 * @param event - the Lambda event
 * @throws ForgedEventError when the event has a `source` or `detail-type` and its source is not `aws.*`
 * @example
 * auditTriggerOf({ source: 'aws.cloudtrail', 'detail-type': 'AWS API Call via CloudTrail', detail: { eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging' } })
 * // { kind: 'change', eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging' }
 */
export const auditTriggerOf = (event: unknown): AuditTrigger => {
  const e = (typeof event === 'object' && event !== null ? event : {}) as {
    source?: unknown;
    'detail-type'?: unknown;
    region?: unknown;
    detail?: { eventSource?: unknown; eventName?: unknown };
  };
  if ('source' in e || 'detail-type' in e) awsSourceOf(e);
  if (e['detail-type'] === 'Scheduled Event') return { kind: 'schedule' };
  if (e['detail-type'] === 'AWS API Call via CloudTrail' && typeof e.detail?.eventName === 'string') {
    return {
      kind: 'change',
      eventSource: typeof e.detail.eventSource === 'string' ? e.detail.eventSource : 'unknown',
      eventName: e.detail.eventName,
      ...(typeof e.region === 'string' && { region: e.region }),
    };
  }
  return { kind: 'manual' };
};
