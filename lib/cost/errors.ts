import { TrailwatchError } from '../model/errors.js';

/** A per-file summary the rollup cannot fold (wrong schema version, missing arrays, not JSON). */
export class InvalidSummaryError extends TrailwatchError {
  readonly bucket: string;
  readonly key: string;
  constructor(bucket: string, key: string, detail: string, options?: ErrorOptions) {
    super(`s3://${bucket}/${key}: not a per-file summary the rollup can fold: ${detail}`, options);
    this.name = 'InvalidSummaryError';
    this.bucket = bucket;
    this.key = key;
  }
}

/** A stored rollup, manifest or detector state that does not have the shape this version writes. */
export class InvalidRollupObjectError extends TrailwatchError {
  readonly bucket: string;
  readonly key: string;
  constructor(bucket: string, key: string, detail: string, options?: ErrorOptions) {
    super(`s3://${bucket}/${key}: ${detail}`, options);
    this.name = 'InvalidRollupObjectError';
    this.bucket = bucket;
    this.key = key;
  }
}
