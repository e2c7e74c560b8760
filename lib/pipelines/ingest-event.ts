import type { Context, SQSBatchResponse } from 'aws-lambda';
import { forEachAnnouncedObject } from './for-each-announced-object.js';
import { type IngestDeps, type IngestOutcome, ingestObject } from './ingest-object.js';

/**
 * Runs ingest for any trigger through {@link forEachAnnouncedObject}: partial batch failures on SQS, else
 * every object and then one error (re-processing is idempotent). First sends the cold start's
 * rule-file findings, once (`deps.reportRuleFiles`).
 *
 * @returns the SQS batch response for SQS triggers, else the outcome of each object
 * @throws ObjectsFailedError when objects of a non-SQS trigger failed
 * @throws UnknownEventError when the trigger is of no known shape
 * @throws what the sink throws when the rule-file findings cannot be delivered (the whole event is retried)
 */
export const ingestEvent = async (
  event: unknown,
  deps: IngestDeps,
  context?: Context
): Promise<SQSBatchResponse | IngestOutcome[]> => {
  await deps.reportRuleFiles?.(deps.sink);
  return forEachAnnouncedObject(event, (ref) => ingestObject(ref, deps), { log: deps.log, noun: 'object', context });
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
