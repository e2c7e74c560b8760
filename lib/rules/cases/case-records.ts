import { createHash } from 'node:crypto';
import type { CloudTrailRecord, UserIdentity } from '../../model/record.js';
import type { RuleCase } from '../types.js';

const ACCOUNT = '111122223333';

/**
 * Callers a case can name with `"as"` instead of spelling out `userIdentity` (shapes after
 * account 111122223333, documentation ranges).
 */
export const CASE_IDENTITIES: Record<string, UserIdentity> = {
  'iam-user': {
    type: 'IAMUser',
    principalId: 'AIDAEXAMPLEEXAMPLE01',
    arn: `arn:aws:iam::${ACCOUNT}:user/example-user`,
    accountId: ACCOUNT,
    accessKeyId: 'AKIAEXAMPLEEXAMPLE01',
    userName: 'example-user',
  },
  'assumed-role': {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLEEXAMPLE02:example-session',
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/example-role/example-session`,
    accountId: ACCOUNT,
    accessKeyId: 'ASIAEXAMPLEEXAMPLE03',
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAEXAMPLEEXAMPLE02',
        arn: `arn:aws:iam::${ACCOUNT}:role/example-role`,
        accountId: ACCOUNT,
        userName: 'example-role',
      },
      attributes: { creationDate: '2026-01-02T02:00:00Z', mfaAuthenticated: 'false' },
    },
  },
  root: {
    type: 'Root',
    principalId: ACCOUNT,
    arn: `arn:aws:iam::${ACCOUNT}:root`,
    accountId: ACCOUNT,
    accessKeyId: 'ASIAEXAMPLEEXAMPLE04',
    sessionContext: { attributes: { creationDate: '2026-01-02T02:55:00Z', mfaAuthenticated: 'true' } },
  },
  'aws-service': { type: 'AWSService', invokedBy: 'cloudformation.amazonaws.com' },
};

const idFrom = (seed: string): string => {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/**
 * The base every case record is written over: a successful IAM-user API call with every
 * field CloudTrail always writes (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html). Cases give only the fields their rule
 * reads, as StreamAlert's `override_record` does; top-level fields replace the base's.
 */
export const baseCaseRecord = (seed: string): CloudTrailRecord => ({
  eventVersion: '1.09',
  userIdentity: CASE_IDENTITIES['iam-user'],
  eventTime: '2026-01-02T03:04:05Z',
  awsRegion: 'us-east-1',
  sourceIPAddress: '198.51.100.7',
  userAgent: 'aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.11.8',
  requestParameters: null,
  responseElements: null,
  requestID: idFrom(`${seed}/request`),
  eventID: idFrom(`${seed}/event`),
  readOnly: false,
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: ACCOUNT,
  eventCategory: 'Management',
  tlsDetails: {
    tlsVersion: 'TLSv1.3',
    cipherSuite: 'TLS_AES_128_GCM_SHA256',
    clientProvidedHostHeader: 'iam.amazonaws.com',
  },
});

/**
 * The fields CloudTrail writes in every record of a management or data event, after
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html:
 * those the page marks as always present (`requestParameters` and `responseElements` may be
 * `null`, their keys are always there), plus `userAgent` and `recipientAccountId`, which every
 * API call, sign-in and service event carries.
 */
export const ALWAYS_WRITTEN_FIELDS = [
  'eventVersion',
  'userIdentity',
  'eventTime',
  'eventSource',
  'eventName',
  'awsRegion',
  'sourceIPAddress',
  'userAgent',
  'requestParameters',
  'responseElements',
  'eventID',
  'eventType',
  'recipientAccountId',
  'eventCategory',
] as const;

/**
 * The fields CloudTrail adds by `eventType`: an API call carries the service's `requestID`;
 * `readOnly` is on API calls and console events; `managementEvent` on every type but network
 * activity (eventVersion 1.06 and later). Sign-ins have no `requestID`.
 */
export const ALWAYS_WRITTEN_BY_EVENT_TYPE: Readonly<Record<string, readonly string[]>> = {
  AwsApiCall: ['requestID', 'readOnly', 'managementEvent'],
  AwsConsoleSignIn: ['readOnly', 'managementEvent'],
  AwsConsoleAction: ['readOnly', 'managementEvent'],
  AwsServiceEvent: ['managementEvent'],
  AwsVpceEvent: [],
};

/**
 * Fields of {@link ALWAYS_WRITTEN_FIELDS} an `eventType` never carries: a network activity event
 * (a call through a VPC endpoint, recorded for the endpoint's owner) has no `userAgent`,
 * `requestParameters` or `responseElements`; it names the caller, the call, the endpoint and, when
 * the endpoint policy refused it, `errorCode: VpceAccessDenied`. After
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-network-events-with-cloudtrail.html.
 */
export const NOT_WRITTEN_BY_EVENT_TYPE: Readonly<Record<string, readonly string[]>> = {
  AwsVpceEvent: ['userAgent', 'requestParameters', 'responseElements'],
};

const MAY_BE_NULL: ReadonlySet<string> = new Set(['requestParameters', 'responseElements']);

/**
 * The fields CloudTrail always writes that a record lacks (or holds as `null` where CloudTrail
 * never writes `null`), in the order of {@link ALWAYS_WRITTEN_FIELDS}; then those its
 * `eventType` adds. An `eventType` outside the event types a trail delivers is reported too.
 * @param record - a complete record, as a raw case gives it
 * @returns the missing fields; empty when the record is complete
 */
export const missingAlwaysWrittenFields = (record: Record<string, unknown>): string[] => {
  const lacks = (field: string) => !Object.hasOwn(record, field) || (record[field] === null && !MAY_BE_NULL.has(field));
  const eventType = record.eventType;
  const notWritten = (typeof eventType === 'string' && NOT_WRITTEN_BY_EVENT_TYPE[eventType]) || [];
  const missing: string[] = ALWAYS_WRITTEN_FIELDS.filter((field) => !notWritten.includes(field) && lacks(field));
  if (typeof eventType === 'string') {
    const more = ALWAYS_WRITTEN_BY_EVENT_TYPE[eventType];
    if (more === undefined)
      missing.push(`eventType '${eventType}' (one of ${Object.keys(ALWAYS_WRITTEN_BY_EVENT_TYPE).join(', ')})`);
    else missing.push(...more.filter(lacks));
  }
  return missing;
};

/**
 * Why a raw case is not a set of complete records: its records' missing fields (record index
 * and field names), or an `as` shortcut, which a raw case cannot take (nothing is merged into
 * it). `undefined` when the case is not raw or its records are complete.
 * @param c - the case
 */
export const rawCaseProblem = (c: CaseInput): string | undefined => {
  if (c.raw !== true) return undefined;
  if (c.as !== undefined) return `'${c.name}' is raw: give userIdentity in the record instead of "as"`;
  const records = c.records ?? (c.record === undefined ? [] : [c.record]);
  const problems = records.flatMap((r, i) => {
    const missing = missingAlwaysWrittenFields(r);
    return missing.length === 0 ? [] : [`${c.records ? `record ${i} ` : ''}lacks ${missing.join(', ')}`];
  });
  (c.learned ?? []).forEach((r, i) => {
    const missing = missingAlwaysWrittenFields(r);
    if (missing.length > 0) problems.push(`learned record ${i} lacks ${missing.join(', ')}`);
  });
  return problems.length === 0
    ? undefined
    : `'${c.name}' is raw, so its record is complete as written, but ${problems.join('; ')} (fields CloudTrail always writes: ${ALWAYS_WRITTEN_FIELDS.join(', ')}; by eventType, lib/rules/cases/case-records.ts)`;
};

/** A case with its `as` caller shortcut. */
export type CaseInput = RuleCase & { as?: string };

/**
 * Expands one case into the records it stands for: the base record under the case's fields
 * (`raw: true` skips the base), repeated `repeat.count` times `everySeconds` apart with
 * distinct eventIDs and requestIDs, or each of `records`.
 * @param ruleId - the rule the case belongs to (seeds the ids)
 * @param c - the case
 * @returns the records, in order
 * @throws Error when `as` names no known caller, or a raw case's records are not complete
 */
export const buildCaseRecords = (ruleId: string, c: CaseInput): CloudTrailRecord[] => {
  const seed = `${ruleId}/${c.name}`;
  const rawProblem = rawCaseProblem(c);
  if (rawProblem !== undefined) throw new Error(`case ${rawProblem}`);
  const build = (fields: Record<string, unknown>, i: number): CloudTrailRecord => {
    if (c.raw) return structuredClone(fields) as CloudTrailRecord;
    const record: CloudTrailRecord = { ...baseCaseRecord(`${seed}/${i}`), ...structuredClone(fields) };
    if (c.as !== undefined && fields.userIdentity === undefined) {
      const identity = CASE_IDENTITIES[c.as];
      if (!identity)
        throw new Error(
          `case '${c.name}': unknown caller '${c.as}' (known: ${Object.keys(CASE_IDENTITIES).join(', ')})`
        );
      record.userIdentity = structuredClone(identity);
    }
    return record;
  };
  if (c.records) return c.records.map((r, i) => build(r, i));
  const one = c.record ?? {};
  const count = c.repeat?.count ?? 1;
  const every = (c.repeat?.everySeconds ?? 10) * 1000;
  return Array.from({ length: count }, (_, i) => {
    const record = build(one, i);
    if (i > 0 && record.eventTime)
      record.eventTime = `${new Date(Date.parse(record.eventTime) + i * every).toISOString().slice(0, 19)}Z`;
    if (i > 0) {
      record.eventID = idFrom(`${c.raw ? record.eventID : seed}/${i}/event`);
      if (c.raw && record.requestID !== undefined) record.requestID = idFrom(`${record.requestID}/${i}/request`);
    }
    return record;
  });
};
