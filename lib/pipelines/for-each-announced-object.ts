import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { TrailwatchError } from '../model/errors.js';
import type { Log } from '../model/log.js';
import type { ObjectRef } from '../model/object-ref.js';
import { fromSqsBody, toObjectRefs } from '../sources/to-object-refs.js';

/** Some objects of a non-SQS trigger failed; the others were processed. */
export class ObjectsFailedError extends TrailwatchError {
  readonly failedKeys: string[];
  constructor(noun: string, failures: Array<{ key: string; error: unknown }>) {
    super(
      `${failures.length} ${noun}(s) failed: ${failures.map((f) => `${f.key}: ${(f.error as Error).message}`).join('; ')}`,
      { cause: failures[0]?.error }
    );
    this.name = 'ObjectsFailedError';
    this.failedKeys = failures.map((f) => f.key);
  }
}

/** How {@link forEachAnnouncedObject} names and logs what it handles. */
export type AnnouncedObjectOptions = {
  log: Log;
  /** What one object is, for messages: `object`, `digest`. */
  noun: string;
  context?: Context;
};

const isSqsEvent = (event: unknown): event is SQSEvent => (event as SQSEvent)?.Records?.[0]?.eventSource === 'aws:sqs';

/**
 * Runs `handle` on every object a trigger announces (S3, SQS, SNS, SNS-in-SQS, EventBridge, CloudTrail's SNS
 * message). SQS batches report partial failures (Powertools batch), so one bad message never sends its
 * neighbours back to the queue; each failure is logged once, as an error naming the message and
 * the object. Other triggers handle every object, then fail the invocation if any failed, so
 * Lambda's retry and on-failure destination keep the event (handlers are idempotent).
 *
 * @returns the SQS batch response for SQS triggers, else what `handle` returned per object
 * @throws ObjectsFailedError when objects of a non-SQS trigger failed
 * @throws UnknownEventError when the trigger is of no known shape
 * @example
 * return forEachAnnouncedObject(event, (ref) => ingestObject(ref, deps), { log, noun: 'object', context });
 */
export const forEachAnnouncedObject = async <T>(
  event: unknown,
  handle: (ref: ObjectRef) => Promise<T>,
  options: AnnouncedObjectOptions
): Promise<SQSBatchResponse | T[]> => {
  if (isSqsEvent(event)) {
    // The batch processor only reports a failed message's id back to SQS: without these lines a
    // message retried into the dead-letter queue would leave no word of why in the logs.
    const handleRecord = async (record: SQSRecord): Promise<void> => {
      let refs: ObjectRef[];
      try {
        refs = fromSqsBody(record.body);
      } catch (error) {
        options.log.error('sqs message not understood', {
          messageId: record.messageId,
          error: (error as Error).message,
        });
        throw error;
      }
      for (const ref of refs) {
        try {
          await handle(ref);
        } catch (error) {
          options.log.error(`${options.noun} failed`, {
            messageId: record.messageId,
            bucket: ref.bucket,
            key: ref.key,
            error: (error as Error).message,
          });
          throw error;
        }
      }
    };
    return processPartialResponse(
      event,
      handleRecord,
      new BatchProcessor(EventType.SQS),
      options.context ? { context: options.context } : undefined
    );
  }
  const outcomes: T[] = [];
  const failures: Array<{ key: string; error: unknown }> = [];
  for (const ref of toObjectRefs(event)) {
    try {
      outcomes.push(await handle(ref));
    } catch (error) {
      options.log.error(`${options.noun} failed`, {
        bucket: ref.bucket,
        key: ref.key,
        error: (error as Error).message,
      });
      failures.push({ key: ref.key, error });
    }
  }
  if (failures.length > 0) throw new ObjectsFailedError(options.noun, failures);
  return outcomes;
};
