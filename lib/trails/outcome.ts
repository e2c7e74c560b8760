import type { Outcome } from '../model/trails.js';

/**
 * Error codes that are a service's way of saying "this is not configured". They are answers,
 * not failures: the check that made the call decides what they mean.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
 */
export const ABSENT_CODES: ReadonlySet<string> = new Set([
  'NoSuchPublicAccessBlockConfiguration',
  'ServerSideEncryptionConfigurationNotFoundError',
  'ObjectLockConfigurationNotFoundError',
  'NoSuchLifecycleConfiguration',
  'NoSuchBucketPolicy',
  'NoSuchBucket',
  'InsightNotEnabledException',
  'AWSOrganizationsNotInUseException',
]);

/** Error codes that mean the caller may not read this (so the checks are "not evaluated"). */
export const DENIED_CODES: ReadonlySet<string> = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthorizationError',
  'AllAccessDisabled',
  'NotAuthorized',
  'OperationNotPermittedException',
]);

/** A successful call. */
export const ok = <T>(value: T): Outcome<T> => ({ status: 'ok', value });

/** A call that was not made; `reason` says why (shown as "not evaluated: <reason>"). */
export const skipped = <T>(code: string, message: string): Outcome<T> => ({ status: 'skipped', code, message });

/**
 * Classifies a failed call by its error code.
 * @param code - the service error code (`error.name` in SDK v3, the `(Code)` in CLI messages)
 * @param message - the service's message
 * @returns an `absent`, `denied` or `error` outcome
 * @example
 * outcomeOfError('NoSuchPublicAccessBlockConfiguration', '…') // { status: 'absent', … }
 */
export const outcomeOfError = <T>(code: string, message: string): Outcome<T> => {
  if (ABSENT_CODES.has(code)) return { status: 'absent', code, message };
  if (DENIED_CODES.has(code) || /AccessDenied|Unauthorized/i.test(code)) return { status: 'denied', code, message };
  return { status: 'error', code, message };
};

/** Why an outcome holds no value, in the words the report uses. */
export const reasonOf = (outcome: Outcome<unknown>): string =>
  outcome.status === 'ok'
    ? 'ok'
    : `${outcome.status === 'denied' ? 'access denied' : outcome.status} (${outcome.code}): ${outcome.message}`;
