import type { CloudTrailRecord } from '../../lib/model/record.js';
import { baseCaseRecord } from '../../lib/rules/cases/case-records.js';

let serial = 0;

/** An ISO eventTime `days` (and `minutes`) after 2026-03-01T00:00:00Z. */
export const day = (days: number, minutes = 0): string =>
  new Date(Date.parse('2026-03-01T00:00:00Z') + days * 86_400_000 + minutes * 60_000)
    .toISOString()
    .replace('.000Z', 'Z');

/** The IAM user `name` of account 111122223333 with its long-term access key. */
export const iamUser = (name: string) => ({
  type: 'IAMUser',
  principalId: `AIDA${name.toUpperCase().padEnd(16, 'X').slice(0, 16)}`,
  arn: `arn:aws:iam::111122223333:user/${name}`,
  accountId: '111122223333',
  accessKeyId: `AKIA${name.toUpperCase().padEnd(16, 'K').slice(0, 16)}`,
  userName: name,
});

/** A complete, successful API call record (the cases' base record under the given fields). */
export const call = (
  time: string,
  user: string,
  eventSource: string,
  eventName: string,
  fields: Partial<CloudTrailRecord> = {}
): CloudTrailRecord => ({
  ...baseCaseRecord(`first-seen/${++serial}`),
  userIdentity: iamUser(user),
  eventTime: time,
  eventSource,
  eventName,
  ...fields,
});

/** An IAM write (CreateUser) by `user`: a sensitive API for `first-sensitive-api-call-by-principal`. */
export const createUser = (time: string, user: string): CloudTrailRecord =>
  call(time, user, 'iam.amazonaws.com', 'CreateUser', { requestParameters: { userName: `new-${serial}` } });

/** KMS PutKeyPolicy by `user`. */
export const putKeyPolicy = (time: string, user: string): CloudTrailRecord =>
  call(time, user, 'kms.amazonaws.com', 'PutKeyPolicy', {
    requestParameters: { keyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
  });

/** A read call nobody alerts on (it only marks the file's eventTimes). */
export const describeRegions = (time: string, user: string): CloudTrailRecord =>
  call(time, user, 'ec2.amazonaws.com', 'DescribeRegions', { readOnly: true });

/**
 * Public addresses of known owners, with what the offline IP data (`@ip-location-db`, the versions
 * pinned in package.json) says of them: registries' own servers, resolvers and access networks.
 */
export const KNOWN_ADDRESSES = {
  DE: { ip: '80.128.0.1', asn: 3320, org: 'Deutsche Telekom AG' },
  DE2: { ip: '194.0.0.1', asn: 31529, org: 'DENIC eG' },
  BR: { ip: '200.160.2.3', asn: 22548, org: 'Nucleo de Inf. e Coord. do Ponto BR - NIC.BR' },
  NL: { ip: '193.0.6.139', asn: 3333, org: 'Reseaux IP Europeens Network Coordination Centre (RIPE NCC)' },
  AU: { ip: '202.12.29.175', asn: 4608, org: 'Asia Pacific Network Information Centre' },
  US: { ip: '73.158.64.1', asn: 7922, org: 'Comcast Cable Communications, LLC' },
} as const;

/**
 * A successful console sign-in of IAM user `user` from one of {@link KNOWN_ADDRESSES}, with the IP
 * enrichment supplied as the record's `context.sourceIPAddress`.
 */
export const signInFrom = (time: string, user: string, where: keyof typeof KNOWN_ADDRESSES): CloudTrailRecord => {
  const { accessKeyId: _key, ...identity } = iamUser(user);
  const address = KNOWN_ADDRESSES[where];
  return {
    ...baseCaseRecord(`first-seen/${++serial}`),
    userIdentity: identity,
    eventTime: time,
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    eventType: 'AwsConsoleSignIn',
    sourceIPAddress: address.ip,
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
    requestParameters: null,
    responseElements: { ConsoleLogin: 'Success' },
    context: {
      sourceIPAddress: { kind: 'public', asn: address.asn, org: address.org, country: where.slice(0, 2), aws: false },
    },
  } as CloudTrailRecord;
};
