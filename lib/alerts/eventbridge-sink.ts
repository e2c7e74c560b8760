import type { EventBridgeClient, PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { ClientOrLazy } from '../aws/clients.js';
import { putEventEntries } from '../aws/eventbridge.js';
import type { Log } from '../model/log.js';
import { silentLog } from '../model/log.js';
import { batchBySize } from './batch-by-size.js';
import { classifyError } from './classify-error.js';
import type { AlertFormat } from './constants.js';
import { DETAIL_TYPES, EVENT_SOURCE, LIMITS, RETRYABLE_ENTRY_CODES } from './constants.js';
import { AlertDeliveryError, type UndeliveredAlert } from './errors.js';
import { AlertTooLargeError, fitAlert } from './fit-alert.js';
import { mapWithConcurrency } from './map-with-concurrency.js';
import { parseArn } from './parse-arn.js';
import { renderAlert } from './render-alert.js';
import { DEFAULT_RETRY_POLICY, pauseAfter, type RetryPolicy } from './retry-policy.js';
import type { Alert, AlertSink } from '../model/alert.js';

/** What an EventBridge sink needs: a client, the bus, the body format and its retry policy. */
export type EventBridgeSinkOptions = {
  /** The client, or a LazyClient (AlertClients: the SDK package loads on the first send). */
  eventBridge: ClientOrLazy<EventBridgeClient>;
  /** Bus name or ARN; the account's default bus when unset or `default`. */
  eventBusName?: string;
  format?: AlertFormat;
  retry?: RetryPolicy;
  /** PutEvents calls in flight at once (default 4). */
  concurrency?: number;
  log?: Log;
};

type Pending = { alertId: string; entry: PutEventsRequestEntry; bytes: number };

/** An entry's size as EventBridge counts it (Time, Source, DetailType, Detail, Resources). */
export const entrySize = (entry: PutEventsRequestEntry): number =>
  (entry.Time === undefined ? 0 : 14) +
  Buffer.byteLength(entry.Source ?? '') +
  Buffer.byteLength(entry.DetailType ?? '') +
  Buffer.byteLength(entry.Detail ?? '') +
  (entry.Resources ?? []).reduce((sum, r) => sum + Buffer.byteLength(r), 0);

/** The principal and resource ARNs EventBridge will accept in `Resources` (valid ARNs, deduplicated, ≤ 100). */
export const resourceArns = (alert: Alert): string[] => {
  const candidates = [alert.principal, ...(alert.resources ?? [])];
  const arns = candidates.filter(
    (c): c is string => c !== undefined && c.length <= LIMITS.eventBridgeResourceChars && parseArn(c) !== undefined
  );
  return [...new Set(arns)].slice(0, LIMITS.eventBridgeResources);
};

/**
 * Builds the PutEvents entry for one alert: Source `trailwatch`, DetailType by category,
 * Detail the alert JSON (or OCSF) trimmed so the entry stays under 256 KB, Resources its ARNs.
 * @throws AlertTooLargeError when even the trimmed alert does not fit
 */
export const putEventsEntry = (
  alert: Alert,
  eventBusName: string | undefined,
  format: AlertFormat = 'native'
): PutEventsRequestEntry => {
  const resources = resourceArns(alert);
  const head: PutEventsRequestEntry = {
    ...(eventBusName !== undefined &&
      eventBusName !== '' &&
      eventBusName !== 'default' && { EventBusName: eventBusName }),
    Source: EVENT_SOURCE,
    DetailType: DETAIL_TYPES[alert.category],
    ...(resources.length > 0 && { Resources: resources }),
  };
  const budget = LIMITS.eventBridgeBytes - entrySize(head) - LIMITS.headroomBytes;
  return { ...head, Detail: fitAlert(alert, renderAlert(format), budget).body };
};

/**
 * An EventBridge sink: entries batched ≤ 10 per call and ≤ 256 KB per call. When a call
 * reports FailedEntryCount > 0, only the failed entries with a retryable ErrorCode
 * (InternalFailure, ThrottlingException) are sent again, in jittered rounds on top of the
 * SDK's own retries; entries EventBridge accepted are never resent by this call. A call that
 * fails as a whole (throttled, 5xx, timeout) is retried the same way.
 * @param options - client, bus, body format, retry policy
 * @returns a sink whose `send` throws AlertDeliveryError naming every alert it could not put
 * @example await eventBridgeSink({ eventBridge, eventBusName: 'security' }).send(alerts)
 */
export const eventBridgeSink = (options: EventBridgeSinkOptions): AlertSink => {
  const {
    eventBridge,
    eventBusName,
    format = 'native',
    retry = DEFAULT_RETRY_POLICY,
    concurrency = 4,
    log = silentLog,
  } = options;

  const deliverBatch = async (batch: Pending[]): Promise<UndeliveredAlert[]> => {
    const failures: UndeliveredAlert[] = [];
    let pending = batch;
    for (let round = 1; pending.length > 0; round++) {
      const last = round >= retry.attempts;
      let retryable: Array<{ item: Pending; code: string; message: string }> = [];
      try {
        const results = await putEventEntries(
          eventBridge,
          pending.map((p) => p.entry)
        );
        pending.forEach((item, i) => {
          const result = results[i];
          if (result?.EventId !== undefined && result.ErrorCode === undefined) return;
          const code = result?.ErrorCode ?? 'MissingResultEntry';
          const message = result?.ErrorMessage ?? 'PutEvents returned no result for this entry';
          if (RETRYABLE_ENTRY_CODES.has(code) || result === undefined) retryable.push({ item, code, message });
          else failures.push({ id: item.alertId, sink: 'eventbridge', errorCode: code, errorMessage: message });
        });
      } catch (error) {
        const verdict = classifyError(error);
        const failed = pending.map((item) => ({ item, code: verdict.code, message: verdict.message }));
        if (verdict.retryable) retryable = failed;
        else
          failures.push(
            ...failed.map((f) => ({
              id: f.item.alertId,
              sink: 'eventbridge',
              errorCode: f.code,
              errorMessage: f.message,
            }))
          );
      }
      if (retryable.length === 0) break;
      if (last) {
        failures.push(
          ...retryable.map((f) => ({
            id: f.item.alertId,
            sink: 'eventbridge',
            errorCode: f.code,
            errorMessage: f.message,
          }))
        );
        break;
      }
      log.info('eventbridge entries retrying', { entries: retryable.length, errorCode: retryable[0]?.code, round });
      pending = retryable.map((f) => f.item);
      await pauseAfter(retry, round);
    }
    if (failures.length > 0)
      log.warn('eventbridge entries failed', { entries: failures.length, errorCode: failures[0]?.errorCode });
    return failures;
  };

  return {
    send: async (alerts) => {
      const failures: UndeliveredAlert[] = [];
      const ready: Pending[] = [];
      for (const alert of alerts) {
        try {
          const entry = putEventsEntry(alert, eventBusName, format);
          ready.push({ alertId: alert.id, entry, bytes: entrySize(entry) });
        } catch (error) {
          if (!(error instanceof AlertTooLargeError)) throw error;
          failures.push({ id: alert.id, sink: 'eventbridge', errorCode: 'AlertTooLarge', errorMessage: error.message });
        }
      }
      const batches = batchBySize(
        ready,
        (p) => p.bytes,
        LIMITS.eventBridgeEntriesPerCall,
        LIMITS.eventBridgeBytes - LIMITS.headroomBytes
      );
      for (const batchFailures of await mapWithConcurrency(batches, concurrency, deliverBatch))
        failures.push(...batchFailures);
      log.info('eventbridge alerts sent', {
        eventBusName: eventBusName ?? 'default',
        alerts: alerts.length,
        calls: batches.length,
        failed: failures.length,
      });
      if (failures.length > 0) throw new AlertDeliveryError(failures, alerts.length);
    },
  };
};
