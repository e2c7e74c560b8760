import type { ObjectRef } from './object-ref.js';

/** Root of every error trailwatch throws on purpose. */
export class TrailwatchError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TrailwatchError';
  }
}

/** A required setting is missing or malformed. */
export class ConfigError extends TrailwatchError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/** The trigger event is of no shape trailwatch knows. */
export class UnknownEventError extends TrailwatchError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UnknownEventError';
  }
}

/**
 * An EventBridge event names an AWS service's detail-type (a CloudTrail record, a schedule) but its
 * `source` is not one AWS sends (`aws.<service>`): any principal allowed `events:PutEvents` on the
 * bus can send such an event, while PutEvents refuses the `aws.` sources to callers
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html). It is never
 * evaluated.
 */
export class ForgedEventError extends UnknownEventError {
  /** The event's `source`, as received (`undefined` when it has none). */
  readonly source: unknown;
  readonly detailType: unknown;
  constructor(source: unknown, detailType: unknown, options?: ErrorOptions) {
    super(
      `EventBridge event with detail-type ${JSON.stringify(detailType)} has source ${JSON.stringify(source)}, not an AWS service source (aws.*): not from AWS, refused`,
      options
    );
    this.name = 'ForgedEventError';
    this.source = source;
    this.detailType = detailType;
  }
}

/** Why a log file could not be read to its end. */
export type DamageReason =
  | 'empty'
  | 'not-found'
  | 'truncated-gzip'
  | 'corrupt-gzip'
  /** Bytes after the end of the last complete gzip member that do not start another member. */
  | 'trailing-data'
  | 'invalid-json'
  | 'invalid-utf8'
  | 'not-cloudtrail';

/**
 * A log file is damaged: S3 objects are immutable, so retrying cannot mend it. Carries how
 * far reading got, so the summary still counts the records before the damage.
 */
export class DamagedLogFileError extends TrailwatchError {
  readonly source: ObjectRef;
  readonly reason: DamageReason;
  /** Offset into the decompressed stream where the damage was found (bytes). */
  readonly offset: number;
  readonly recordsRead: number;
  constructor(
    source: ObjectRef,
    reason: DamageReason,
    detail: string,
    offset: number,
    recordsRead: number,
    options?: ErrorOptions
  ) {
    super(
      `s3://${source.bucket}/${source.key}: ${reason} at offset ${offset} after ${recordsRead} records: ${detail}`,
      options
    );
    this.name = 'DamagedLogFileError';
    this.source = source;
    this.reason = reason;
    this.offset = offset;
    this.recordsRead = recordsRead;
  }
}

/** A failure that a retry may mend (S3 5xx, throttling, timeouts): let it fail the invocation. */
export class TransientError extends TrailwatchError {
  readonly source?: ObjectRef;
  constructor(message: string, source?: ObjectRef, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TransientError';
    this.source = source;
  }
}

/** The object does not exist (deleted, or a notification raced a lifecycle rule). */
export class ObjectNotFoundError extends TrailwatchError {
  readonly source: ObjectRef;
  constructor(source: ObjectRef, options?: ErrorOptions) {
    super(`s3://${source.bucket}/${source.key}: no such object`, options);
    this.name = 'ObjectNotFoundError';
    this.source = source;
  }
}

/**
 * An object's body was not read whole: the connection dropped mid-body, fewer bytes arrived than
 * GetObject's Content-Length announced, or the bytes are not the stored object (their MD5 is not its
 * ETag). Nothing may be judged from such a read: reading the object again can get all of it.
 */
export class IncompleteBodyError extends TransientError {
  /** What went wrong, without the object's location. */
  readonly detail: string;
  /** Bytes received before the body ended or failed. */
  readonly receivedBytes: number;
  /** Bytes GetObject announced (Content-Length), when it did. */
  readonly expectedBytes?: number;
  constructor(
    source: ObjectRef,
    detail: string,
    receivedBytes: number,
    expectedBytes?: number,
    options?: ErrorOptions
  ) {
    super(`s3://${source.bucket}/${source.key}: incomplete body: ${detail}`, source, options);
    this.name = 'IncompleteBodyError';
    this.detail = detail;
    this.receivedBytes = receivedBytes;
    this.expectedBytes = expectedBytes;
  }
}
