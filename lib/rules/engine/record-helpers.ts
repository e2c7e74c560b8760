import type { CloudTrailRecord } from '../../model/record.js';
import { resolvePath } from './field-path.js';

/**
 * The acting principal's ARN: `userIdentity.arn`, else the session issuer's ARN. `undefined`
 * when the record names none (failed sign-ins with an unknown user, `AWSAccount` callers).
 * @param record - a CloudTrail record
 */
export const principalArn = (record: CloudTrailRecord): string | undefined =>
  record.userIdentity?.arn ?? record.userIdentity?.sessionContext?.sessionIssuer?.arn;

/** Reads a field path (a parsed record, or a RecordAccess that decodes only what is asked). */
export type PathReader = { path(path: readonly string[]): unknown };

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * A stable text naming the actor even when there is no ARN: the ARN (or the session issuer's),
 * else `<type>:<accountId>:<userName|principalId|invokedBy>`.
 * @param reader - reads paths of the record
 */
export const principalKeyOf = (reader: PathReader): string => {
  const arn = text(reader.path(ARN)) ?? text(reader.path(ISSUER_ARN));
  if (arn) return arn;
  const type = text(reader.path(['userIdentity', 'type']));
  const account = text(reader.path(['userIdentity', 'accountId']));
  const name =
    text(reader.path(['userIdentity', 'userName'])) ??
    text(reader.path(['userIdentity', 'principalId'])) ??
    text(reader.path(['userIdentity', 'invokedBy']));
  return `${type ?? 'unknown'}:${account ?? ''}:${name ?? ''}`;
};

const ARN = ['userIdentity', 'arn'];
const ISSUER_ARN = ['userIdentity', 'sessionContext', 'sessionIssuer', 'arn'];

/** {@link principalKeyOf} for a parsed record. */
export const principalKey = (record: CloudTrailRecord): string =>
  principalKeyOf({ path: (path) => resolvePath(record, path) });

/** The account the event was recorded for: `recipientAccountId`, else the aggregated record's `accountId`, else the caller's. */
export const accountOf = (record: CloudTrailRecord): string | undefined =>
  record.recipientAccountId ?? record.accountId ?? record.userIdentity?.accountId;

/** Whether the call succeeded: no `errorCode` and, for console sign-ins, no `Failure` response. */
export const succeeded = (record: CloudTrailRecord): boolean =>
  record.errorCode === undefined &&
  // Only sign-ins report failure in responseElements; checking the name first spares every other
  // call the decoding of its responseElements.
  (record.eventName !== 'ConsoleLogin' ||
    (record.responseElements as { ConsoleLogin?: string } | null | undefined)?.ConsoleLogin !== 'Failure');

/** `requestParameters` as an object (CloudTrail writes `null` for calls without parameters). */
export const params = (record: CloudTrailRecord): Record<string, unknown> => record.requestParameters ?? {};

/** `responseElements` as an object. */
export const response = (record: CloudTrailRecord): Record<string, unknown> => record.responseElements ?? {};

/** The name of the user the caller acts on (`requestParameters.userName`), when it is not the caller. */
export const otherUserName = (record: CloudTrailRecord): string | undefined => {
  const target = params(record).userName;
  if (typeof target !== 'string' || target === '') return undefined;
  const caller = record.userIdentity;
  // The ARN names the user when userName is absent: arn:aws:iam::<account>:user/<path/>name.
  const callerName = caller?.userName ?? /:user\/(?:.*\/)?([^/]+)$/.exec(caller?.arn ?? '')?.[1];
  if (caller?.type === 'IAMUser' && callerName === target) return undefined;
  return target;
};
