import type { CloudTrailRecord } from '../cloudtrail/types.js';

/**
 * The acting principal's ARN: `userIdentity.arn`, else the session issuer's ARN. `undefined`
 * when the record names none (failed sign-ins with an unknown user, `AWSAccount` callers).
 * @param record - a CloudTrail record
 */
export const principalArn = (record: CloudTrailRecord): string | undefined =>
  record.userIdentity?.arn ?? record.userIdentity?.sessionContext?.sessionIssuer?.arn;

/**
 * A stable text naming the actor even when there is no ARN: the ARN, else
 * `<type>:<accountId>:<userName|principalId>`.
 * @param record - a CloudTrail record
 */
export const principalKey = (record: CloudTrailRecord): string => {
  const arn = principalArn(record);
  if (arn) return arn;
  const id = record.userIdentity;
  return `${id?.type ?? 'unknown'}:${id?.accountId ?? ''}:${id?.userName ?? id?.principalId ?? id?.invokedBy ?? ''}`;
};

/** The account the event was recorded for: `recipientAccountId`, else the aggregated record's `accountId`, else the caller's. */
export const accountOf = (record: CloudTrailRecord): string | undefined =>
  record.recipientAccountId ?? record.accountId ?? record.userIdentity?.accountId;

/** Whether the call succeeded: no `errorCode` and, for console sign-ins, no `Failure` response. */
export const succeeded = (record: CloudTrailRecord): boolean =>
  record.errorCode === undefined && (record.responseElements as { ConsoleLogin?: string } | null | undefined)?.ConsoleLogin !== 'Failure';

/** `requestParameters` as an object (CloudTrail writes `null` for calls without parameters). */
export const params = (record: CloudTrailRecord): Record<string, unknown> => record.requestParameters ?? {};

/** `responseElements` as an object. */
export const response = (record: CloudTrailRecord): Record<string, unknown> => record.responseElements ?? {};

/** The name of the user the caller acts on (`requestParameters.userName`), when it is not the caller. */
export const otherUserName = (record: CloudTrailRecord): string | undefined => {
  const target = params(record).userName;
  if (typeof target !== 'string' || target === '') return undefined;
  const caller = record.userIdentity;
  if (caller?.type === 'IAMUser' && caller.userName === target) return undefined;
  return target;
};
