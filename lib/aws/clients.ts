import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Config } from '../config.js';

export type Clients = { s3: S3Client; sqs: SQSClient };

/**
 * Creates the SDK v3 clients from configuration, so tests point the real SDK at s3rver.
 * Clients are created once per cold start and reused.
 */
export const createClients = (config: Config): Clients => ({
  s3: new S3Client({
    region: config.region,
    ...(config.s3Endpoint !== undefined && { endpoint: config.s3Endpoint }),
    forcePathStyle: config.s3ForcePathStyle,
    maxAttempts: 4,
    // A stalled body is an error, not a hung invocation: 30 s without a byte aborts the call.
    requestHandler: { requestTimeout: 30_000, connectionTimeout: 5_000, throwOnRequestTimeout: true },
  }),
  sqs: new SQSClient({
    region: config.region,
    maxAttempts: 4,
    requestHandler: { requestTimeout: 10_000, connectionTimeout: 5_000, throwOnRequestTimeout: true },
  }),
});
