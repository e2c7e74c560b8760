/** What a sink needs to know about a failed SDK call. */
export type ErrorVerdict = {
  /** The AWS error code, or the error's name for network and timeout failures. */
  code: string;
  message: string;
  /** Whether another round may succeed (throttling, 5xx, timeouts, dropped connections). */
  retryable: boolean;
};

const THROTTLING_CODES: ReadonlySet<string> = new Set([
  'Throttling',
  'ThrottlingException',
  'Throttled',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);

const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalFailure',
  'ServiceUnavailable',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
]);

type SdkLikeError = {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  Code?: unknown;
  $metadata?: { httpStatusCode?: number };
};

/**
 * Classifies an error thrown by an SDK v3 call after the SDK's own retries. A 4xx other than
 * throttling is final (bad topic, denied, invalid parameter): retrying cannot mend it. An error
 * with no HTTP status (socket reset, timeout) is treated as transient.
 * @param error - whatever the SDK threw
 * @returns the code, message and whether another round is worth it
 */
export const classifyError = (error: unknown): ErrorVerdict => {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkLikeError;
  const code = [e.Code, e.code, e.name].find((v): v is string => typeof v === 'string' && v !== '') ?? 'Error';
  const message = typeof e.message === 'string' ? e.message : String(error);
  const status = e.$metadata?.httpStatusCode;
  const retryable =
    THROTTLING_CODES.has(code) ||
    TRANSIENT_CODES.has(code) ||
    status === 429 ||
    (status !== undefined && status >= 500) ||
    status === undefined;
  return { code, message, retryable };
};
