import type { Context, SQSBatchResponse } from 'aws-lambda';
import type { AlertSink } from '../model/alert.js';
import type { ObjectRef } from '../model/object-ref.js';
import type { Log } from '../model/log.js';
import type { Metrics } from '../model/metrics.js';
import {
  type DigestVerdict,
  digestKeyOf,
  type VerifyDigestDeps,
  verdictAlerts,
  verdictKeyOf,
  verifyDigestObject,
} from '../digest/index.js';
import { forEachAnnouncedObject } from './for-each-announced-object.js';

/** What the verify function needs around {@link verifyDigestObject}. */
export type VerifyEventDeps = VerifyDigestDeps & {
  /** Stores a verdict in the results bucket under `key`. */
  writeVerdict(key: string, verdict: DigestVerdict): Promise<void>;
  sink: AlertSink;
  log: Log;
  /** Counts digests verified and failed (EMF on Lambda). */
  metrics: Metrics;
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

/**
 * Verifies one announced object: skips anything that is not a digest (log files share the bucket
 * and its notifications), else verifies it, writes the verdict to `verdicts/digest/…` and sends an
 * integrity alert per failure. Re-running is idempotent: same verdict key, same alert ids. Counts
 * `DigestsVerified`, and `DigestsFailed` when the verdict is invalid, once the alerts are out.
 * @throws what the store, key source, verdict writer or sink throw (the trigger retries)
 */
export const verifyObject = async (ref: ObjectRef, deps: VerifyEventDeps): Promise<VerifyOutcome> => {
  if (digestKeyOf(ref.key) === undefined) return { action: 'skipped', key: ref.key, reason: 'not a digest' };
  const verdict = await verifyDigestObject(ref, deps);
  const verdictKey = verdictKeyOf(ref);
  await deps.writeVerdict(verdictKey, verdict);
  const alerts = verdictAlerts(verdict);
  await deps.sink.send(alerts);
  deps.metrics.add('DigestsVerified', 1);
  deps.metrics.add('DigestsFailed', verdict.summary.status === 'invalid' ? 1 : 0);
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

/**
 * Runs the verifier for any trigger (the digest queue ingest forwards to, S3, SNS, EventBridge), through
 * {@link forEachAnnouncedObject}: partial batch failures on SQS, else every digest and then one error.
 *
 * @param event - the Lambda event
 * @param deps - store, keys, verdict writer, sink, logger
 * @returns the SQS batch response for SQS triggers, else one outcome per object
 * @throws ObjectsFailedError when objects of a non-SQS trigger failed
 * @throws UnknownEventError when the trigger is of no known shape
 * @example
 * export const handler = async (event: unknown, context: Context) => verifyEvent(event, deps, context);
 */
export const verifyEvent = (
  event: unknown,
  deps: VerifyEventDeps,
  context?: Context
): Promise<SQSBatchResponse | VerifyOutcome[]> =>
  forEachAnnouncedObject(event, (ref) => verifyObject(ref, deps), { log: deps.log, noun: 'digest', context });
