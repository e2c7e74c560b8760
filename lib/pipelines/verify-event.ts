import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { AlertSink } from '../model/alert.js';
import { TrailwatchError } from '../model/errors.js';
import type { ObjectRef } from '../model/object-ref.js';
import type { Log } from '../model/log.js';
import { fromSqsBody, toObjectRefs } from '../sources/to-object-refs.js';
import {
  type DigestVerdict,
  digestKeyOf,
  type VerifyDigestDeps,
  verdictAlerts,
  verdictKeyOf,
  verifyDigestObject,
} from '../digest/index.js';

/** What the verify function needs around {@link verifyDigestObject}. */
export type VerifyEventDeps = VerifyDigestDeps & {
  /** Stores a verdict in the results bucket under `key`. */
  writeVerdict(key: string, verdict: DigestVerdict): Promise<void>;
  sink: AlertSink;
  log: Log;
};

/** The result for one announced object. */
export type VerifyOutcome =
  | {
      action: 'verified';
      key: string;
      status: 'valid' | 'invalid';
      logFiles: number;
      alerts: number;
      verdictKey: string;
    }
  | { action: 'skipped'; key: string; reason: 'not a digest' };

/** Some digests of a non-SQS trigger failed (S3, ListPublicKeys or alert delivery); the others were verified. */
export class VerifyFailedError extends TrailwatchError {
  readonly failedKeys: string[];
  constructor(failures: Array<{ key: string; error: unknown }>) {
    super(
      `${failures.length} digest(s) failed: ${failures.map((f) => `${f.key}: ${(f.error as Error).message}`).join('; ')}`,
      {
        cause: failures[0]?.error,
      }
    );
    this.name = 'VerifyFailedError';
    this.failedKeys = failures.map((f) => f.key);
  }
}

/**
 * Verifies one announced object: skips anything that is not a digest (log files share the bucket
 * and its notifications), else verifies it, writes the verdict to `verdicts/digest/…` and sends an
 * integrity alert per failure. Re-running is idempotent: same verdict key, same alert ids.
 * @throws what the store, key source, verdict writer or sink throw (the trigger retries)
 */
export const verifyObject = async (ref: ObjectRef, deps: VerifyEventDeps): Promise<VerifyOutcome> => {
  if (digestKeyOf(ref.key) === undefined) return { action: 'skipped', key: ref.key, reason: 'not a digest' };
  const verdict = await verifyDigestObject(ref, deps);
  const verdictKey = verdictKeyOf(ref);
  await deps.writeVerdict(verdictKey, verdict);
  const alerts = verdictAlerts(verdict);
  await deps.sink.send(alerts);
  deps.log.info('digest verified', {
    key: ref.key,
    status: verdict.summary.status,
    logFiles: verdict.summary.logFiles,
    alerts: alerts.length,
  });
  return {
    action: 'verified',
    key: ref.key,
    status: verdict.summary.status,
    logFiles: verdict.summary.logFiles,
    alerts: alerts.length,
    verdictKey,
  };
};

const isSqsEvent = (event: unknown): event is SQSEvent => (event as SQSEvent)?.Records?.[0]?.eventSource === 'aws:sqs';

/**
 * Runs the verifier for any trigger (the digest queue ingest forwards to, S3, SNS, EventBridge).
 * SQS batches report partial failures, so one digest that cannot be read never sends its neighbours
 * back; other triggers verify every object, then fail the invocation if any failed.
 *
 * @param event - the Lambda event
 * @param deps - store, keys, verdict writer, sink, logger
 * @returns the SQS batch response for SQS triggers, else one outcome per object
 * @throws VerifyFailedError when objects of a non-SQS trigger failed
 * @throws UnknownEventError when the trigger is of no known shape
 * @example
 * export const handler = async (event: unknown, context: Context) => verifyEvent(event, deps, context);
 */
export const verifyEvent = async (
  event: unknown,
  deps: VerifyEventDeps,
  context?: Context
): Promise<SQSBatchResponse | VerifyOutcome[]> => {
  if (isSqsEvent(event)) {
    const handleRecord = async (record: SQSRecord): Promise<void> => {
      for (const ref of fromSqsBody(record.body)) await verifyObject(ref, deps);
    };
    return processPartialResponse(
      event,
      handleRecord,
      new BatchProcessor(EventType.SQS),
      context ? { context } : undefined
    );
  }
  const outcomes: VerifyOutcome[] = [];
  const failures: Array<{ key: string; error: unknown }> = [];
  for (const ref of toObjectRefs(event)) {
    try {
      outcomes.push(await verifyObject(ref, deps));
    } catch (error) {
      deps.log.error('digest failed', { bucket: ref.bucket, key: ref.key, error: (error as Error).message });
      failures.push({ key: ref.key, error });
    }
  }
  if (failures.length > 0) throw new VerifyFailedError(failures);
  return outcomes;
};
