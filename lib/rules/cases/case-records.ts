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

/** A case with its `as` caller shortcut. */
export type CaseInput = RuleCase & { as?: string };

/**
 * Expands one case into the records it stands for: the base record under the case's fields
 * (`raw: true` skips the base), repeated `repeat.count` times `everySeconds` apart with
 * distinct eventIDs, or each of `records`.
 * @param ruleId - the rule the case belongs to (seeds the ids)
 * @param c - the case
 * @returns the records, in order
 * @throws Error when `as` names no known caller
 */
export const buildCaseRecords = (ruleId: string, c: CaseInput): CloudTrailRecord[] => {
  const seed = `${ruleId}/${c.name}`;
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
    if (i > 0 && !c.raw) record.eventID = idFrom(`${seed}/${i}/event`);
    return record;
  });
};
