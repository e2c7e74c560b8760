import type { Severity } from '../model/alert.js';
import type { AlertFormat } from './constants.js';
import type { RetryPolicy } from './retry-policy.js';

/** Where alerts go and in what shape; what `createAlertSink` builds from. */
export type AlertSinkConfig = {
  region: string;
  /** SNS topic ARN (a `.fifo` ARN selects FIFO publishing). Unset: no SNS sink. */
  snsTopicArn?: string;
  /** EventBridge bus name or ARN, `default` for the account's default bus. Unset: no EventBridge sink. */
  eventBus?: string;
  /** Import alerts into Security Hub as ASFF findings, one per incident. Default off. */
  securityHub?: boolean;
  /** The account that imports the findings (its default product); unset: each alert's account. */
  securityHubAccount?: string;
  /** Least severe alert imported into Security Hub (default `info`: all). */
  minSeveritySecurityHub?: Severity;
  /** Least severe alert sent to SNS (default `info`: all). */
  minSeveritySns?: Severity;
  /** Least severe alert sent to EventBridge (default `info`: all). */
  minSeverityEventBridge?: Severity;
  /** Body shape: the alert JSON (`native`, default) or an OCSF Detection Finding (`ocsf`). */
  format: AlertFormat;
  /** Account id → name, e.g. `{ "123456789012": "prod" }`. */
  accountNames: Record<string, string>;
  /** Also name accounts from AWS Organizations ListAccounts (needs that permission). */
  organizationsLookup: boolean;
  /** With no SNS/EventBridge/Security Hub: JSON lines on stdout (`console`), readable lines (`text`), or nothing. */
  fallback: 'console' | 'text' | 'none';
  /** Endpoint overrides (tests, CLI flags); the SDK reads AWS_ENDPOINT_URL_SNS etc. by itself. */
  snsEndpoint?: string;
  eventBridgeEndpoint?: string;
  organizationsEndpoint?: string;
  securityHubEndpoint?: string;
  /** SDK attempts per call (SDK default 3). */
  maxAttempts?: number;
  /** Per-call timeout in ms before the SDK gives up on a response and retries. */
  requestTimeoutMs?: number;
  /** The sinks' own rounds on top of the SDK's retries. */
  retry?: RetryPolicy;
};
