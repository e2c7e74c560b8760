import { TrailwatchError } from '../model/errors.js';
import type { DigestFailureReason } from './types.js';

/**
 * A digest failed one of the checks of `aws cloudtrail validate-logs`. `cliLine` is the CLI's
 * line for it, `Digest file\ts3://b/k\tINVALID: …` (without the `(backfill) ` prefix). The walker
 * reports it and carries on with the next older digest, as the CLI does.
 */
export class DigestCheckError extends TrailwatchError {
  readonly reason: DigestFailureReason;
  readonly bucket: string;
  readonly key: string;
  readonly cliLine: string;
  constructor(reason: DigestFailureReason, bucket: string, key: string, verdict: string, options?: ErrorOptions) {
    const cliLine = `Digest file\ts3://${bucket}/${key}\t${verdict}`;
    super(cliLine, options);
    this.name = 'DigestCheckError';
    this.reason = reason;
    this.bucket = bucket;
    this.key = key;
    this.cliLine = cliLine;
  }
}

/**
 * A validation cannot go on (the CLI exits 255): no public keys, an S3 error other than a
 * missing object, a bad argument. The message is the text the CLI prints for it.
 */
export class ValidationAbortedError extends TrailwatchError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ValidationAbortedError';
  }
}

/** A `--public-keys` or `--metadata` file is unreadable or not in the expected shape. */
export class InputFileError extends TrailwatchError {
  readonly file: string;
  constructor(file: string, problem: string, options?: ErrorOptions) {
    super(`${file}: ${problem}`, options);
    this.name = 'InputFileError';
    this.file = file;
  }
}

/** Reading from a trail bucket failed for another reason than a missing object (access, network). */
export class StoreReadError extends TrailwatchError {
  readonly bucket: string;
  readonly key: string;
  constructor(bucket: string, key: string, problem: string, options?: ErrorOptions) {
    super(`s3://${bucket}/${key}: ${problem}`, options);
    this.name = 'StoreReadError';
    this.bucket = bucket;
    this.key = key;
  }
}

/** The heartbeat's state object is not a heartbeat state of this trail bucket. */
export class HeartbeatStateError extends TrailwatchError {
  readonly problem: string;
  constructor(problem: string, options?: ErrorOptions) {
    super(`heartbeat state: ${problem}`, options);
    this.name = 'HeartbeatStateError';
    this.problem = problem;
  }
}
