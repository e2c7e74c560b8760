import type { ObjectRef } from '../../model/object-ref.js';

/** Settings of the verify and heartbeat functions, read once per cold start. */
export type DigestConfig = {
  /** The CloudTrail bucket the heartbeat watches (`TRAIL_BUCKET`). */
  trailBucket?: string;
  /**
   * The trail's S3 key prefix with its trailing `/`, `''` for none (`TRAIL_PREFIX`). When set, the
   * heartbeat looks only under `<trailPrefix>AWSLogs/`, where the stack's role may list; unset, it
   * walks the whole bucket for `AWSLogs/` folders.
   */
  trailPrefix?: string;
  /** `DIGEST_HASH_CONCURRENCY`, default 16. */
  hashConcurrency: number;
  /** `DIGEST_HEARTBEAT_SLACK_MINUTES`, default 30. */
  heartbeatSlackMs: number;
  /** `DIGEST_HEARTBEAT_LOOKBACK_HOURS`, default 48. */
  heartbeatLookbackMs: number;
  /**
   * `TRAIL_ARNS`, comma-separated: the trails writing to the trail bucket, whose GetTrailStatus the
   * heartbeat cross-checks against the bucket. Empty when unset (no cross-check).
   */
  trailArns: string[];
};

/**
 * Where a digest's verdict goes in the results bucket: `verdicts/digest/<bucket>/<digest key
 * without .json.gz>.json`. One object per digest, overwritten by a re-run, so retries stay idempotent.
 * @example
 * verdictKeyOf({ bucket: 'trail', key: 'AWSLogs/1/CloudTrail-Digest/us-east-1/2026/01/02/x.json.gz' })
 * // 'verdicts/digest/trail/AWSLogs/1/CloudTrail-Digest/us-east-1/2026/01/02/x.json'
 */
export const verdictKeyOf = (ref: ObjectRef): string =>
  `verdicts/digest/${ref.bucket}/${ref.key.replace(/\.json\.gz$/, '')}.json`;

/** Where a heartbeat run's findings go: `verdicts/heartbeat/<bucket>/<YYYY-MM-DDTHH>.json`, one per hour. */
export const heartbeatKeyOf = (bucket: string, now: Date): string =>
  `verdicts/heartbeat/${bucket}/${now.toISOString().slice(0, 13)}.json`;
