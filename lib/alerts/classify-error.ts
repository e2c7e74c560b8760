/** What a sink needs to know about a failed SDK call. */
export type ErrorVerdict = {
  /**
   * The AWS error code, the error's name for network and timeout failures, or `HTTP <status>`
   * when the endpoint answered with no AWS error in the body (an HTML page from a proxy or
   * the wrong endpoint, which the SDK reports as `SyntaxError` or `Unknown`).
   */
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

/** Names the SDK gives an answer whose body it could not read as an AWS error. */
const UNREADABLE_ANSWER: ReadonlySet<string> = new Set(['SyntaxError', 'Unknown', 'UnknownError', 'Error']);

/**
 * Classifies an error thrown by an SDK v3 call after the SDK's own retries. A 4xx other than
 * throttling is final (bad topic, denied, invalid parameter): retrying cannot mend it. An error
 * with no HTTP status (socket reset, timeout) is treated as transient.
 * @param error - whatever the SDK threw
 * @returns the code, message and whether another round is worth it
 */
export const classifyError = (error: unknown): ErrorVerdict => {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkLikeError;
  const named = [e.Code, e.code, e.name].find((v): v is string => typeof v === 'string' && v !== '') ?? 'Error';
  const status = e.$metadata?.httpStatusCode;
  const unreadable = status !== undefined && UNREADABLE_ANSWER.has(named);
  const code = unreadable ? `HTTP ${status}` : named;
  const message = unreadable
    ? `HTTP ${status} with a body that is not an AWS response (${named})`
    : typeof e.message === 'string'
      ? e.message
      : String(error);
  const retryable =
    THROTTLING_CODES.has(code) ||
    TRANSIENT_CODES.has(code) ||
    status === 429 ||
    (status !== undefined && status >= 500) ||
    status === undefined;
  return { code, message, retryable };
};
