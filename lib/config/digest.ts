import { DEFAULT_HASH_CONCURRENCY, DEFAULT_HEARTBEAT_SLACK_MS, type DigestConfig } from '../digest/index.js';
import { ConfigError } from '../model/errors.js';

const positiveInt = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} must be a positive integer, got '${raw}'`);
  return value;
};

const TRAIL_ARN = /^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:trail\/[A-Za-z0-9._-]{3,128}$/;

const trailArns = (env: NodeJS.ProcessEnv): string[] => {
  const arns = (env.TRAIL_ARNS ?? '')
    .split(',')
    .map((arn) => arn.trim())
    .filter((arn) => arn !== '');
  for (const arn of arns) {
    if (!TRAIL_ARN.test(arn)) {
      throw new ConfigError(
        `TRAIL_ARNS: '${arn}' is not a trail ARN (arn:aws:cloudtrail:<region>:<account>:trail/<name>)`
      );
    }
  }
  return arns;
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
  trailArns: trailArns(env),
});

/**
 * The trail bucket, which the heartbeat cannot run without.
 * @throws ConfigError when TRAIL_BUCKET is not set
 */
export const requireTrailBucket = (config: DigestConfig): string => {
  if (!config.trailBucket) throw new ConfigError('TRAIL_BUCKET is not set');
  return config.trailBucket;
};
