import type { Alert } from './alert.js';
import type { DamageReason } from './errors.js';

/** Version of the per-file summary schema; bump on any incompatible change. */
export const SUMMARY_SCHEMA_VERSION = 1;

/** Events of one type in one hour (eventTime, UTC) of one file. */
export type EventCount = {
  /** `YYYY-MM-DDTHH` of the events' eventTime, or `unknown` when a record has none. */
  hour: string;
  eventCategory: string;
  eventSource: string;
  eventName: string;
  /** `null` when the record has no readOnly field (network activity, Insights). */
  readOnly: boolean | null;
  count: number;
};

/** Failed calls of one type and error code in one hour. */
export type ErrorCount = {
  hour: string;
  eventSource: string;
  eventName: string;
  errorCode: string;
  count: number;
};

/**
 * A record that could not be used (the file goes on): its inner JSON does not parse, it is not
 * UTF-8, it lacks a required field (counted all the same), it is larger than the splitter's
 * record limit (`too-large`, 16 MiB) or nested deeper than its bracket stack (`too-deep`, 512).
 */
export type RecordError = {
  index: number;
  offset: number;
  reason: 'invalid-json' | 'invalid-utf8' | 'missing-field' | 'too-large' | 'too-deep';
  message: string;
};

/**
 * What ingest writes for every log or Insights file: the contract the cost rollup and the
 * anomaly detector read (they never re-read raw logs). Documented in docs/summary-schema.md.
 */
export type FileSummary = {
  schemaVersion: typeof SUMMARY_SCHEMA_VERSION;
  bucket: string;
  key: string;
  kind: 'log' | 'insight';
  accountId?: string;
  organizationId?: string;
  /** Region of the events, from the key. */
  region?: string;
  /** Delivery time from the key (minute precision). */
  deliveredAt?: string;
  status: 'ok' | 'damaged';
  /** Why the file could not be read to its end; the counts cover the records before it. */
  damage?: { reason: DamageReason; message: string; offset: number };
  bytes: { compressed: number; uncompressed: number };
  records: number;
  badRecords: number;
  /** The first few record errors (at most 20). */
  recordErrors: RecordError[];
  firstEventTime?: string;
  lastEventTime?: string;
  counts: EventCount[];
  errors: ErrorCount[];
  alerts: Alert[];
  /** Detector counters (suppressed matches, …). */
  detection: Record<string, number>;
  processedAt: string;
};
