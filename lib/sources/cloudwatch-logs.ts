import { gunzipSync } from 'node:zlib';
import { type RecordView, viewOf } from '../cloudtrail/record-view.js';
import type { CloudTrailRecord } from '../model/record.js';
import { TrailwatchError, UnknownEventError } from '../model/errors.js';
import { type Log, silentLog } from '../model/log.js';

/*
 * A CloudWatch Logs subscription filter invokes Lambda with `{"awslogs": {"data": "<base64>"}}`,
 * base64 of gzipped JSON: `{messageType, owner, logGroup, logStream, subscriptionFilters, logEvents:
 * [{id, timestamp, message}]}`. A trail delivering to CloudWatch Logs writes one CloudTrail record
 * per log event `message`. `CONTROL_MESSAGE` payloads only check the destination is reachable.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html#LambdaFunctionExample
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
 */

/**
 * The most an `awslogs` payload may inflate to. Lambda takes at most 1 MB for the asynchronous
 * invocation CloudWatch Logs makes (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html),
 * and CloudTrail JSON compresses well under 32:1; a decompression bomb goes far past it (deflate
 * reaches 1032:1), and is refused before it fills the function's memory.
 */
export const MAX_LOGS_PAYLOAD_BYTES = 32 * 1024 * 1024;

/** The decoded subscription payload. */
export type LogsBatch = {
  messageType: 'DATA_MESSAGE' | 'CONTROL_MESSAGE' | string;
  owner: string;
  logGroup: string;
  logStream: string;
  subscriptionFilters: string[];
  /** The CloudTrail records of the batch, in log-event order. */
  records: CloudTrailRecord[];
  /** Log events whose message was not a CloudTrail record (counted, logged, skipped). */
  rejected: Array<{ index: number; id?: string; reason: string }>;
};

/** The `awslogs` data is not base64 of gzipped JSON of the documented shape. */
export class LogsPayloadError extends TrailwatchError {
  readonly stage: 'base64' | 'gunzip' | 'json' | 'shape';
  constructor(stage: LogsPayloadError['stage'], detail: string, options?: ErrorOptions) {
    super(`awslogs payload: ${stage}: ${detail}`, options);
    this.name = 'LogsPayloadError';
    this.stage = stage;
  }
}

type RawPayload = {
  messageType?: unknown;
  owner?: unknown;
  logGroup?: unknown;
  logStream?: unknown;
  subscriptionFilters?: unknown;
  logEvents?: Array<{ id?: unknown; timestamp?: unknown; message?: unknown }>;
};

/**
 * Decodes a CloudWatch Logs subscription event into the CloudTrail records it carries. A message
 * that is not a JSON object is counted, logged once with its index and id, and skipped; the rest
 * of the batch goes on.
 * @param event - the Lambda event (`{ awslogs: { data } }`)
 * @param log - where skipped messages are reported
 * @returns the batch: its log group and stream, records and rejected messages
 * @throws UnknownEventError when the event has no `awslogs.data` string
 * @throws LogsPayloadError when the data is not base64 of gzipped JSON of the documented shape, or
 * inflates past {@link MAX_LOGS_PAYLOAD_BYTES}
 * @example
 * const batch = decodeLogsEvent(event, logger);
 * for (const [i, record] of batch.records.entries()) detector.onRecord(viewOf(record, i));
 */
export const decodeLogsEvent = (event: unknown, log: Log = silentLog): LogsBatch => {
  const data = (event as { awslogs?: { data?: unknown } } | null)?.awslogs?.data;
  if (typeof data !== 'string')
    throw new UnknownEventError('not a CloudWatch Logs subscription event (no awslogs.data string)');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data.replace(/\s/g, ''))) {
    throw new LogsPayloadError('base64', 'awslogs.data is not base64');
  }
  const compressed = Buffer.from(data, 'base64');
  let json: string;
  try {
    json = gunzipSync(compressed, { maxOutputLength: MAX_LOGS_PAYLOAD_BYTES }).toString('utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new LogsPayloadError(
        'gunzip',
        `${compressed.length} compressed bytes inflate past ${MAX_LOGS_PAYLOAD_BYTES} bytes (MAX_LOGS_PAYLOAD_BYTES): refused as a decompression bomb`,
        { cause: error }
      );
    }
    throw new LogsPayloadError('gunzip', (error as Error).message, { cause: error });
  }
  let payload: RawPayload;
  try {
    payload = JSON.parse(json) as RawPayload;
  } catch (error) {
    throw new LogsPayloadError('json', (error as Error).message, { cause: error });
  }
  if (
    payload === null ||
    typeof payload !== 'object' ||
    (payload.messageType === 'DATA_MESSAGE' && !Array.isArray(payload.logEvents))
  ) {
    throw new LogsPayloadError('shape', 'expected an object with messageType and logEvents[]');
  }
  const batch: LogsBatch = {
    messageType: String(payload.messageType ?? 'unknown'),
    owner: String(payload.owner ?? ''),
    logGroup: String(payload.logGroup ?? ''),
    logStream: String(payload.logStream ?? ''),
    subscriptionFilters: Array.isArray(payload.subscriptionFilters) ? payload.subscriptionFilters.map(String) : [],
    records: [],
    rejected: [],
  };
  if (batch.messageType !== 'DATA_MESSAGE') return batch;
  (payload.logEvents ?? []).forEach((logEvent, index) => {
    const id = typeof logEvent.id === 'string' ? logEvent.id : undefined;
    try {
      if (typeof logEvent.message !== 'string') throw new TypeError('message is not a string');
      const record = JSON.parse(logEvent.message) as CloudTrailRecord;
      if (record === null || typeof record !== 'object' || Array.isArray(record))
        throw new TypeError('message is not a JSON object');
      batch.records.push(record);
    } catch (error) {
      const reason = (error as Error).message;
      batch.rejected.push({ index, ...(id && { id }), reason });
      log.warn('log event skipped', { logGroup: batch.logGroup, index, id, reason });
    }
  });
  return batch;
};

/** The batch's records as the views a Detector consumes (index = position in the batch). */
export const logsBatchViews = (batch: LogsBatch): RecordView[] =>
  batch.records.map((record, index) => viewOf(record, index));
