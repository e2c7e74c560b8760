import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { TrailwatchError } from '../model/errors.js';
import { fromSqsBody, toObjectRefs } from '../sources/to-object-refs.js';
import { type IngestDeps, type IngestOutcome, ingestObject } from './ingest-object.js';

/** Some objects of a non-SQS trigger failed; the others were processed. */
export class IngestFailedError extends TrailwatchError {
  readonly failedKeys: string[];
  constructor(failures: Array<{ key: string; error: unknown }>) {
    super(
      `${failures.length} object(s) failed: ${failures.map((f) => `${f.key}: ${(f.error as Error).message}`).join('; ')}`,
      { cause: failures[0]?.error }
    );
    this.name = 'IngestFailedError';
    this.failedKeys = failures.map((f) => f.key);
  }
}

const isSqsEvent = (event: unknown): event is SQSEvent => (event as SQSEvent)?.Records?.[0]?.eventSource === 'aws:sqs';

/**
 * Runs ingest for any trigger. SQS batches report partial failures (Powertools batch), so one
 * bad message never sends its neighbours back to the queue. Other triggers process every
 * object, then fail the invocation if any failed, so Lambda's retry and on-failure destination
 * keep the event (re-processing is idempotent).
 *
 * @returns the SQS batch response for SQS triggers, else the outcome of each object
 * @throws IngestFailedError when objects of a non-SQS trigger failed
 * @throws UnknownEventError when the trigger is of no known shape
 */
export const ingestEvent = async (
  event: unknown,
  deps: IngestDeps,
  context?: Context
): Promise<SQSBatchResponse | IngestOutcome[]> => {
  if (isSqsEvent(event)) {
    const handleRecord = async (record: SQSRecord): Promise<void> => {
      for (const ref of fromSqsBody(record.body)) await ingestObject(ref, deps);
    };
    return processPartialResponse(
      event,
      handleRecord,
      new BatchProcessor(EventType.SQS),
      context ? { context } : undefined
    );
  }
  const outcomes: IngestOutcome[] = [];
  const failures: Array<{ key: string; error: unknown }> = [];
  for (const ref of toObjectRefs(event)) {
    try {
      outcomes.push(await ingestObject(ref, deps));
    } catch (error) {
      deps.log.error('object failed', { bucket: ref.bucket, key: ref.key, error: (error as Error).message });
      failures.push({ key: ref.key, error });
    }
  }
  if (failures.length > 0) throw new IngestFailedError(failures);
  return outcomes;
};

/** A compact, loggable line per object: what the handler returns (not the whole summary). */
export type OutcomeBrief = {
  action: IngestOutcome['action'];
  key?: string;
  status?: string;
  records?: number;
  alerts?: number;
  summaryKey?: string;
  reason?: string;
};

/** Shrinks outcomes to {@link OutcomeBrief}s; SQS batch responses pass through unchanged. */
export const brief = (result: SQSBatchResponse | IngestOutcome[]): SQSBatchResponse | OutcomeBrief[] =>
  Array.isArray(result)
    ? result.map((o) =>
        o.action === 'summarised'
          ? {
              action: o.action,
              key: o.summary.key,
              status: o.summary.status,
              records: o.summary.records,
              alerts: o.summary.alerts.length,
              summaryKey: o.summaryKey,
            }
          : o.action === 'skipped'
            ? { action: o.action, reason: o.reason }
            : { action: o.action, key: o.ref.key }
      )
    : result;
