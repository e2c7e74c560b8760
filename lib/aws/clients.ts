/**
 * The one SDK client factory: every AWS SDK v3 client trailwatch creates is built here, with its
 * timeouts, retries and endpoint overrides (so tests point the real SDK at s3rver or moto).
 * The clients of services a function seldom calls (SNS, EventBridge and SQS, which only alerts
 * and digest files need; Security Hub, Organizations) are {@link LazyClient}s: their SDK package
 * is loaded on first use, not at every cold start.
 * CloudTrail's clients are in cloudtrail-clients.ts, so the functions that never call CloudTrail
 * (ingest among them) do not load its SDK package at their cold start.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';

/**
 * A client made on first use (once; later calls get the same one). Its SDK package is loaded
 * then, so a cold start that never calls the service does not pay for loading it.
 */
export type LazyClient<C> = () => Promise<C>;

/** A {@link LazyClient} over `make`. */
export const lazy = <C>(make: () => Promise<C>): LazyClient<C> => {
  let made: Promise<C> | undefined;
  return () => {
    made ??= make();
    return made;
  };
};

/** A client, or a {@link LazyClient} of it: what the calls of lib/aws take. */
export type ClientOrLazy<C extends object> = C | LazyClient<C>;

/** The client itself: made now when `client` is a {@link LazyClient}. */
export const clientOf = <C extends object>(client: ClientOrLazy<C>): Promise<C> =>
  typeof client === 'function' ? client() : Promise.resolve(client);

export type Clients = { s3: S3Client; sqs: LazyClient<SQSClient> };

/** Where the S3 and SQS clients point: `Config` from lib/config satisfies it. */
export type ClientSettings = { region: string; s3Endpoint?: string; s3ForcePathStyle: boolean };

/**
 * Creates the SDK v3 clients from configuration, so tests point the real SDK at s3rver.
 * Clients are created once per cold start and reused.
 */
export const createClients = (config: ClientSettings): Clients => ({
  s3: new S3Client({
    region: config.region,
    ...(config.s3Endpoint !== undefined && { endpoint: config.s3Endpoint }),
    forcePathStyle: config.s3ForcePathStyle,
    maxAttempts: 4,
    // A stalled body is an error, not a hung invocation: 30 s without a byte aborts the call.
    requestHandler: { requestTimeout: 30_000, connectionTimeout: 5_000, throwOnRequestTimeout: true },
  }),
  sqs: lazy(
    async () =>
      new (await import('@aws-sdk/client-sqs')).SQSClient({
        region: config.region,
        maxAttempts: 4,
        requestHandler: { requestTimeout: 10_000, connectionTimeout: 5_000, throwOnRequestTimeout: true },
      })
  ),
});

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** Client settings of the alert sinks. */
export type AlertClientOptions = {
  region: string;
  /**
   * Endpoint overrides for tests and CLI flags. Leave unset in Lambda: the SDK itself honours
   * AWS_ENDPOINT_URL_SNS, AWS_ENDPOINT_URL_EVENTBRIDGE, AWS_ENDPOINT_URL_ORGANIZATIONS,
   * AWS_ENDPOINT_URL_SECURITYHUB and AWS_ENDPOINT_URL (checked by test/alerts/create-alert-sink.test.ts).
   */
  snsEndpoint?: string;
  eventBridgeEndpoint?: string;
  organizationsEndpoint?: string;
  securityHubEndpoint?: string;
  /** SDK attempts per call, the first included (SDK default 3). */
  maxAttempts?: number;
  /** Abort a call that has not completed after this long (ms, default 10 000); the SDK retries it. */
  requestTimeoutMs?: number;
};

/** The SDK clients the alert sinks use, each made on first use. */
export type AlertClients = {
  sns: LazyClient<SNSClient>;
  eventBridge: LazyClient<EventBridgeClient>;
  organizations: LazyClient<OrganizationsClient>;
  securityHub: LazyClient<SecurityHubClient>;
};

/**
 * Creates the alert SDK clients once per cold start. Organizations is a global service
 * served from us-east-1 in the aws partition.
 */
export const createAlertClients = (options: AlertClientOptions): AlertClients => {
  const common = {
    region: options.region,
    ...(options.maxAttempts !== undefined && { maxAttempts: options.maxAttempts }),
    // Without throwOnRequestTimeout the SDK only logs a warning and a hung call hangs the invocation.
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      connectionTimeout: Math.min(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, 5_000),
      throwOnRequestTimeout: true,
    },
  };
  return {
    sns: lazy(
      async () =>
        new (await import('@aws-sdk/client-sns')).SNSClient({
          ...common,
          ...(options.snsEndpoint !== undefined && { endpoint: options.snsEndpoint }),
        })
    ),
    eventBridge: lazy(
      async () =>
        new (await import('@aws-sdk/client-eventbridge')).EventBridgeClient({
          ...common,
          ...(options.eventBridgeEndpoint !== undefined && { endpoint: options.eventBridgeEndpoint }),
        })
    ),
    organizations: lazy(
      async () =>
        new (await import('@aws-sdk/client-organizations')).OrganizationsClient({
          ...common,
          region:
            options.region.startsWith('cn-') || options.region.startsWith('us-gov-') ? options.region : 'us-east-1',
          ...(options.organizationsEndpoint !== undefined && { endpoint: options.organizationsEndpoint }),
        })
    ),
    securityHub: lazy(
      async () =>
        new (await import('@aws-sdk/client-securityhub')).SecurityHubClient({
          ...common,
          ...(options.securityHubEndpoint !== undefined && { endpoint: options.securityHubEndpoint }),
        })
    ),
  };
};

/** The endpoint of `service` (as in `AWS_ENDPOINT_URL_<SERVICE>`), else `AWS_ENDPOINT_URL`, else none. */
export const endpointFor = (env: NodeJS.ProcessEnv, service: string): string | undefined =>
  env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || undefined;

/** SDK attempts per DynamoDB call, the first included: throttling and 5xx are retried with backoff. */
export const DYNAMODB_MAX_ATTEMPTS = 5;

/**
 * The DynamoDB client of the incident table, created once per cold start. Honours
 * `AWS_ENDPOINT_URL_DYNAMODB` / `AWS_ENDPOINT_URL` (moto, DynamoDB Local). Throttling
 * (ProvisionedThroughputExceededException, ThrottlingException) and 5xx answers are retried
 * {@link DYNAMODB_MAX_ATTEMPTS} times in all with the SDK's backoff, then thrown.
 * @param region - the table's region
 * @param env - usually `process.env`
 */
export const createDynamoDbClient = (region: string, env: NodeJS.ProcessEnv = process.env): DynamoDBClient => {
  const endpoint = endpointFor(env, 'DYNAMODB');
  return new DynamoDBClient({
    region,
    maxAttempts: DYNAMODB_MAX_ATTEMPTS,
    ...(endpoint && { endpoint }),
    requestHandler: { requestTimeout: 5_000, connectionTimeout: 3_000, throwOnRequestTimeout: true },
  });
};
