import { ConfigError } from '../../model/errors.js';
import type { ObjectRef } from '../../model/object-ref.js';
import { DEFAULT_HASH_CONCURRENCY, DEFAULT_HEARTBEAT_SLACK_MS } from '../constants.js';

/** Settings of the verify and heartbeat functions, read once per cold start. */
export type DigestConfig = {
  /** The CloudTrail bucket the heartbeat watches (`TRAIL_BUCKET`). */
  trailBucket?: string;
  /** `DIGEST_HASH_CONCURRENCY`, default 16. */
  hashConcurrency: number;
  /** `DIGEST_HEARTBEAT_SLACK_MINUTES`, default 30. */
  heartbeatSlackMs: number;
  /** `DIGEST_HEARTBEAT_LOOKBACK_HOURS`, default 48. */
  heartbeatLookbackMs: number;
};

const positiveInt = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} must be a positive integer, got '${raw}'`);
  return value;
};

/**
 * Reads the digest functions' settings.
 * @param env - usually `process.env`
 * @throws ConfigError naming the malformed variable
 */
export const loadDigestConfig = (env: NodeJS.ProcessEnv): DigestConfig => ({
  ...(env.TRAIL_BUCKET ? { trailBucket: env.TRAIL_BUCKET } : {}),
  hashConcurrency: positiveInt(env, 'DIGEST_HASH_CONCURRENCY', DEFAULT_HASH_CONCURRENCY),
  heartbeatSlackMs: positiveInt(env, 'DIGEST_HEARTBEAT_SLACK_MINUTES', DEFAULT_HEARTBEAT_SLACK_MS / 60_000) * 60_000,
  heartbeatLookbackMs: positiveInt(env, 'DIGEST_HEARTBEAT_LOOKBACK_HOURS', 48) * 3_600_000,
});

/**
 * The trail bucket, which the heartbeat cannot run without.
 * @throws ConfigError when TRAIL_BUCKET is not set
 */
export const requireTrailBucket = (config: DigestConfig): string => {
  if (!config.trailBucket) throw new ConfigError('TRAIL_BUCKET is not set');
  return config.trailBucket;
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
