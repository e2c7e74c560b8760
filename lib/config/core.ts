import { ConfigError } from '../model/errors.js';

/** Settings shared by every entry point, read once per cold start from the environment. */
export type Config = {
  region: string;
  /** Where ingest writes per-file summaries (and verify its verdicts). */
  resultsBucket?: string;
  /** S3 endpoint override (s3rver, moto, an S3-compatible store). */
  s3Endpoint?: string;
  /** Path-style S3 addressing: on whenever an endpoint override is set. */
  s3ForcePathStyle: boolean;
  /** The verifier's queue: ingest forwards digest files there. */
  digestQueueUrl?: string;
};

/**
 * Reads the shared settings.
 * @param env - usually `process.env`
 * @throws ConfigError naming the variable when one is malformed
 */
export const loadConfig = (env: NodeJS.ProcessEnv): Config => {
  const s3Endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
  if (s3Endpoint !== undefined && !/^https?:\/\//.test(s3Endpoint)) {
    throw new ConfigError(`AWS_ENDPOINT_URL_S3 must be an http(s) URL, got '${s3Endpoint}'`);
  }
  return {
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    resultsBucket: env.RESULTS_BUCKET || undefined,
    s3Endpoint,
    s3ForcePathStyle: s3Endpoint !== undefined || env.S3_FORCE_PATH_STYLE === 'true',
    digestQueueUrl: env.DIGEST_QUEUE_URL || undefined,
  };
};

/**
 * The results bucket, which the ingest and verify functions cannot run without.
 * @throws ConfigError when RESULTS_BUCKET is not set
 */
export const requireResultsBucket = (config: Config): string => {
  if (!config.resultsBucket) throw new ConfigError('RESULTS_BUCKET is not set');
  return config.resultsBucket;
};
