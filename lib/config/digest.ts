import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
// Inner files, not the front door: settings must not pull the digest code into every function's bundle.
import { DEFAULT_HASH_CONCURRENCY, DEFAULT_HEARTBEAT_SLACK_MS } from '../digest/constants.js';
import { parseListPublicKeysOutput } from '../digest/core/public-keys.js';
import type { DigestConfig } from '../digest/heartbeat/digest-config.js';
import type { PublicKeyRecord } from '../digest/types.js';
import { ConfigError } from '../model/errors.js';

/** The digest section of the settings: the verify and heartbeat settings, and saved public keys. */
export type DigestSettings = DigestConfig & {
  /**
   * `DIGEST_PUBLIC_KEYS_FILE`: CloudTrail's public keys as `aws cloudtrail list-public-keys` prints
   * them, which verify then uses instead of calling ListPublicKeys (local runs: `osls invoke local`
   * with `$PWD/events/digest-public-keys.json`; invoke local runs the bundle in `.esbuild/.build`, so
   * give an absolute path). Unset on AWS.
   */
  publicKeys?: readonly PublicKeyRecord[];
};

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

const publicKeysFile = (file: string | undefined): PublicKeyRecord[] | undefined => {
  if (file === undefined || file === '') return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const where = isAbsolute(file) ? file : `${file} (from ${process.cwd()})`;
    throw new ConfigError(`DIGEST_PUBLIC_KEYS_FILE: cannot read ${where}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    return parseListPublicKeysOutput(text, file);
  } catch (error) {
    throw new ConfigError(`DIGEST_PUBLIC_KEYS_FILE: ${(error as Error).message}`, { cause: error });
  }
};

/**
 * Reads the digest functions' settings. `DIGEST_PUBLIC_KEYS_FILE` is read and checked here, once per
 * cold start, so a missing or malformed key file fails the start naming the variable.
 * @param env - usually `process.env`
 * @throws ConfigError naming the malformed variable
 */
export const loadDigestConfig = (env: NodeJS.ProcessEnv): DigestSettings => {
  const publicKeys = publicKeysFile(env.DIGEST_PUBLIC_KEYS_FILE);
  return {
    ...(env.TRAIL_BUCKET ? { trailBucket: env.TRAIL_BUCKET } : {}),
    ...(env.TRAIL_PREFIX !== undefined && { trailPrefix: keyPrefix(env, 'TRAIL_PREFIX') }),
    hashConcurrency: positiveInt(env, 'DIGEST_HASH_CONCURRENCY', DEFAULT_HASH_CONCURRENCY),
    heartbeatSlackMs: positiveInt(env, 'DIGEST_HEARTBEAT_SLACK_MINUTES', DEFAULT_HEARTBEAT_SLACK_MS / 60_000) * 60_000,
    heartbeatLookbackMs: positiveInt(env, 'DIGEST_HEARTBEAT_LOOKBACK_HOURS', 48) * 3_600_000,
    trailArns: trailArns(env),
    ...(publicKeys !== undefined && { publicKeys }),
  };
};

/**
 * The trail bucket, which the heartbeat cannot run without.
 * @throws ConfigError when TRAIL_BUCKET is not set
 */
export const requireTrailBucket = (config: DigestConfig): string => {
  if (!config.trailBucket) throw new ConfigError('TRAIL_BUCKET is not set');
  return config.trailBucket;
};

/**
 * Where the heartbeat lists: only under `<TRAIL_PREFIX>AWSLogs/` when TRAIL_PREFIX is set (the stack
 * sets it, and the heartbeat's role may list only there), else the whole bucket (the CLI, tests).
 * @returns the options of `s3DigestStore` (lib/aws/digest-store.ts)
 */
export const trailFolderOf = (config: DigestConfig): { within?: string } =>
  config.trailPrefix === undefined ? {} : { within: `${config.trailPrefix}AWSLogs/` };
