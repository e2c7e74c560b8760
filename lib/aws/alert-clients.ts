import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SNSClient } from '@aws-sdk/client-sns';

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** Client settings of the alert sinks. */
export type AlertClientOptions = {
  region: string;
  /**
   * Endpoint overrides for tests and CLI flags. Leave unset in Lambda: the SDK itself honours
   * AWS_ENDPOINT_URL_SNS, AWS_ENDPOINT_URL_EVENTBRIDGE, AWS_ENDPOINT_URL_ORGANIZATIONS and
   * AWS_ENDPOINT_URL (checked by test/alerts/create-alert-sink.test.ts).
   */
  snsEndpoint?: string;
  eventBridgeEndpoint?: string;
  organizationsEndpoint?: string;
  /** SDK attempts per call, the first included (SDK default 3). */
  maxAttempts?: number;
  /** Abort a call that has not completed after this long (ms, default 10 000); the SDK retries it. */
  requestTimeoutMs?: number;
};

/** The SDK clients the alert sinks use. */
export type AlertClients = { sns: SNSClient; eventBridge: EventBridgeClient; organizations: OrganizationsClient };

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
    sns: new SNSClient({ ...common, ...(options.snsEndpoint !== undefined && { endpoint: options.snsEndpoint }) }),
    eventBridge: new EventBridgeClient({
      ...common,
      ...(options.eventBridgeEndpoint !== undefined && { endpoint: options.eventBridgeEndpoint }),
    }),
    organizations: new OrganizationsClient({
      ...common,
      region: options.region.startsWith('cn-') || options.region.startsWith('us-gov-') ? options.region : 'us-east-1',
      ...(options.organizationsEndpoint !== undefined && { endpoint: options.organizationsEndpoint }),
    }),
  };
};
