import type { CloudTrailRecord } from '../../model/record.js';
import { type FieldPath, resolvePath } from './field-path.js';
import { accessOf } from './record-access.js';

/**
 * `record.a?.b?.c` for a path `['a', 'b', 'c']`: on a lazy record (what match functions get)
 * only the members on the way are looked up and only the last value decoded, so a rule that
 * reads `userIdentity.accessKeyId` does not decode all of `userIdentity`. Same result as the
 * optional chain on any record.
 * @param record - a CloudTrail record, lazy or parsed
 * @param path - two segments or more, none numeric
 */
export const member = (record: CloudTrailRecord, path: FieldPath): unknown => {
  const access = accessOf(record);
  if (access !== undefined) {
    // The head's userIdentity members, asked for by the paths below (as the helpers do): a named
    // read of the head, as RecordAccess.member reads them for a record with raw bytes, without
    // looking the member up by name on every call.
    if (access.hasBytes) {
      if (path === IDENTITY_TYPE) return access.head.userIdentityType;
      if (path === IDENTITY_ARN) return access.head.userIdentityArn;
      if (path === IDENTITY_INVOKED_BY) return access.head.userIdentityInvokedBy;
      if (path === IDENTITY_ACCOUNT) return access.head.userIdentityAccountId;
      if (path === IDENTITY_ACCESS_KEY) return access.head.userIdentityAccessKeyId;
    }
    return access.member(path);
  }
  let current: unknown = record;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
};

/** `userIdentity` member paths the helpers read. */
export const IDENTITY_ARN = ['userIdentity', 'arn'];
export const IDENTITY_ACCOUNT = ['userIdentity', 'accountId'];
export const IDENTITY_TYPE = ['userIdentity', 'type'];
export const IDENTITY_INVOKED_BY = ['userIdentity', 'invokedBy'];
export const IDENTITY_ACCESS_KEY = ['userIdentity', 'accessKeyId'];
export const IDENTITY_PRINCIPAL_ID = ['userIdentity', 'principalId'];
export const ISSUER_ARN_PATH = ['userIdentity', 'sessionContext', 'sessionIssuer', 'arn'];
export const ISSUER_USER_NAME = ['userIdentity', 'sessionContext', 'sessionIssuer', 'userName'];

/**
 * The acting principal's ARN: `userIdentity.arn`, else the session issuer's ARN. `undefined`
 * when the record names none (failed sign-ins with an unknown user, `AWSAccount` callers).
 * @param record - a CloudTrail record
 */
export const principalArn = (record: CloudTrailRecord): string | undefined =>
  (member(record, IDENTITY_ARN) ?? member(record, ISSUER_ARN_PATH)) as string | undefined;

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
  record.recipientAccountId ?? record.accountId ?? (member(record, IDENTITY_ACCOUNT) as string | undefined);

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
