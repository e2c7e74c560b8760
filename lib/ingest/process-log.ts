import type { Readable } from 'node:stream';
import { type CloudTrailKey, parseCloudTrailKey } from '../cloudtrail/parse-key.js';
import { type ReadHandlers, readLogBytes, readLogStream } from '../cloudtrail/read-records.js';
import { RecordParseError } from '../cloudtrail/splitter/errors.js';
import type { Alert } from '../model/alert.js';
import { DamagedLogFileError } from '../model/errors.js';
import type { ObjectRef } from '../model/object-ref.js';
import type { Log } from '../model/log.js';
import { type DetectorFactory, noDetector } from '../rules/index.js';
import { damageAlert, damageTime } from './damage-alert.js';
import { Counter } from './summarize.js';
import { type FileSummary, SUMMARY_SCHEMA_VERSION } from '../model/summary.js';

export type ProcessOptions = {
  detector?: DetectorFactory;
  log: Log;
  /** Clock for `processedAt` (tests pin it). */
  now?: () => Date;
  /** The object key, parsed already by the caller (parsed here when absent). */
  key?: CloudTrailKey;
  /**
   * False: the summary's `counts` and `errors` stay empty, for callers that read neither (the
   * tally costs a small file about as much as its alerts). Default true.
   */
  counts?: boolean;
};

/**
 * Ingests one log or Insights file: streams its records through the counter and the detector
 * and returns the per-file summary, with the detector's alerts attached.
 *
 * A damaged file (empty, truncated or corrupt gzip, broken JSON) does not throw: the summary
 * says `status: 'damaged'` with the reason and offset, counts every record before the damage,
 * and carries one integrity alert for it (`log-file-damaged`, lib/ingest/damage-alert.ts) after
 * the detector's alerts, so every path that sends or prints a summary's alerts reports it. Record-level problems (invalid UTF-8, a record that does not parse, missing
 * fields) are counted and the file goes on. Only I/O errors from `body` propagate.
 *
 * @param body - the object's bytes (gzip or already decompressed), streamed or whole
 * @param ref - which object (names the errors and the summary)
 * @returns the summary (see docs/summary-schema.md)
 * @example
 * const summary = await processLogStream(createReadStream(file), { bucket: 'local', key }, { log: console });
 */
export const processLogStream = async (
  body: Readable | Uint8Array,
  ref: ObjectRef,
  options: ProcessOptions
): Promise<FileSummary> => {
  const started = performance.now();
  const parsed = options.key ?? parseCloudTrailKey(ref.key);
  const detector = (options.detector ?? noDetector)(ref);
  const counter = new Counter(options.counts ?? true);
  let damage: FileSummary['damage'];
  let recordsRead = 0;
  let bytes = { compressed: 0, uncompressed: 0 };

  try {
    const handlers: ReadHandlers = {
      onRecord: (view) => {
        counter.add(view);
        try {
          detector.onRecord(view);
        } catch (error) {
          if (!(error instanceof RecordParseError)) throw error;
          counter.problem({ index: error.index, offset: error.offset, reason: 'invalid-json', message: error.message });
        }
      },
      onProblem: (problem) => counter.problem(problem),
    };
    // Bytes in hand are read without a promise to wait for; the stream path only when they are
    // damaged gzip (it reports how far they go) or a stream.
    const result =
      (body instanceof Uint8Array ? readLogBytes(body, ref, handlers) : undefined) ??
      (await readLogStream(body, ref, handlers));
    bytes = { compressed: result.compressedBytes, uncompressed: result.uncompressedBytes };
  } catch (error) {
    if (!(error instanceof DamagedLogFileError)) throw error;
    damage = { reason: error.reason, message: error.message, offset: error.offset };
    recordsRead = error.recordsRead;
    bytes = { compressed: ref.size ?? 0, uncompressed: error.offset };
    options.log.error('log file damaged', {
      bucket: ref.bucket,
      key: ref.key,
      reason: error.reason,
      offset: error.offset,
      recordsRead: error.recordsRead,
      detail: error.message,
    });
  }

  const processedAt = (options.now?.() ?? new Date()).toISOString();
  const alerts: Alert[] = detector.finish().map((alert) => ({ ...alert, s3Key: ref.key, bucket: ref.bucket }));
  if (damage)
    alerts.push(
      damageAlert(
        ref,
        { ...damage, recordsRead },
        { account: parsed?.accountId, region: parsed?.region },
        damageTime(counter.lastEventTime, parsed)
      )
    );
  const summary: FileSummary = {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    bucket: ref.bucket,
    key: ref.key,
    kind: parsed?.kind === 'insight' ? 'insight' : 'log',
    ...(parsed && { accountId: parsed.accountId, region: parsed.region }),
    ...(parsed?.organizationId && { organizationId: parsed.organizationId }),
    ...(parsed && parsed.kind !== 'digest' && { deliveredAt: parsed.deliveredAt }),
    status: damage ? 'damaged' : 'ok',
    ...(damage && { damage }),
    bytes,
    records: counter.records,
    badRecords: counter.badRecords,
    recordErrors: counter.recordErrors,
    ...(counter.firstEventTime && { firstEventTime: counter.firstEventTime, lastEventTime: counter.lastEventTime }),
    counts: counter.counts(),
    errors: counter.errors(),
    alerts,
    detection: detector.stats(),
    processedAt,
  };
  options.log.info('log file processed', {
    bucket: ref.bucket,
    key: ref.key,
    status: summary.status,
    records: summary.records,
    badRecords: summary.badRecords,
    // A caller that folds the rule alerts as drafts still hears how many the file gave.
    alerts: alerts.length + (detector.deferredAlerts?.() ?? 0),
    bytes: bytes.compressed,
    durationMs: Math.round(performance.now() - started),
  });
  return summary;
};
