import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SNSClient } from '@aws-sdk/client-sns';

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
  /** Abort a call whose response has not started after this long (ms); retried by the SDK. */
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
    ...(options.requestTimeoutMs !== undefined && {
      requestHandler: { requestTimeout: options.requestTimeoutMs, connectionTimeout: options.requestTimeoutMs },
    }),
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
