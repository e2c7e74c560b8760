import { DEFAULT_HASH_CONCURRENCY, DEFAULT_HEARTBEAT_SLACK_MS, type DigestConfig } from '../digest/index.js';
import { ConfigError } from '../model/errors.js';

const positiveInt = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} must be a positive integer, got '${raw}'`);
  return value;
};

/** A key prefix as the stack passes it: empty, or folder names each followed by `/` (`org/`, `a/b/`). */
const KEY_PREFIX = /^([^/]+\/)*$/;

const keyPrefix = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
  const raw = env[name];
  if (raw === undefined) return undefined;
  if (!KEY_PREFIX.test(raw)) {
    throw new ConfigError(`${name} must be empty or a key prefix ending in '/' (e.g. 'org/'), got '${raw}'`);
  }
  return raw;
};

/**
 * Reads the digest functions' settings.
 * @param env - usually `process.env`
 * @throws ConfigError naming the malformed variable
 */
export const loadDigestConfig = (env: NodeJS.ProcessEnv): DigestConfig => ({
  ...(env.TRAIL_BUCKET ? { trailBucket: env.TRAIL_BUCKET } : {}),
  ...(env.TRAIL_PREFIX !== undefined && { trailPrefix: keyPrefix(env, 'TRAIL_PREFIX') }),
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
