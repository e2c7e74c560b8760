import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { CloudTrailRecord } from '../../lib/model/record.js';

/*
 * A two-day trail of a quiet account whose misconfigured delivery bucket makes AWS's log-delivery
 * service fail thousands of writes (ACL check and object write denied), plus a handful of real
 * causes. Record shapes after ../shared/reference/cloudtrail-records.md and
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html.
 */

export const ACCOUNT = '111122223333';
export const REGIONS = ['us-east-1', 'eu-west-1'] as const;
const START = Date.parse('2026-03-02T00:00:00Z');
const HOURS = 48;
/** Deliveries per region and hour: CloudTrail writes several files per 5 minutes under load. */
const FILES_PER_HOUR = 40;
const DELIVERY_BUCKET = 'example-vpc-flow-logs';

const uuid = (seed: string): string => {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const base = (seed: string, at: number, region: string): CloudTrailRecord => ({
  eventVersion: '1.09',
  eventTime: iso(at),
  awsRegion: region,
  requestID: uuid(`${seed}/request`),
  eventID: uuid(`${seed}/event`),
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: ACCOUNT,
  eventCategory: 'Management',
});

const role = (name: string, session: string) => ({
  type: 'AssumedRole',
  principalId: `AROAEXAMPLE${name.length}EXAMPLE:${session}`,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/${session}`,
  accountId: ACCOUNT,
  accessKeyId: 'ASIAEXAMPLEEXAMPLE11',
  sessionContext: {
    sessionIssuer: {
      type: 'Role',
      principalId: `AROAEXAMPLE${name.length}EXAMPLE`,
      arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
      accountId: ACCOUNT,
      userName: name,
    },
    attributes: { creationDate: '2026-03-02T00:00:00Z', mfaAuthenticated: 'false' },
  },
});

const SDK = 'aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.173.0';
const CLI = 'aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#6.8.0 md/arch#x86_64 lang/python#3.11.9';

/** Routine reads of a quiet account: monitoring roles describing things. */
const routine = (seed: string, at: number, region: string): CloudTrailRecord => ({
  ...base(seed, at, region),
  userIdentity: role('monitoring-role', 'collector'),
  eventSource: 'ec2.amazonaws.com',
  eventName: 'DescribeInstances',
  sourceIPAddress: '203.0.113.10',
  userAgent: SDK,
  requestParameters: { instancesSet: {}, filterSet: {} },
  responseElements: null,
  readOnly: true,
  tlsDetails: {
    tlsVersion: 'TLSv1.3',
    cipherSuite: 'TLS_AES_128_GCM_SHA256',
    clientProvidedHostHeader: `ec2.${region}.amazonaws.com`,
  },
});

/** The log-delivery service checking, then writing to, a bucket whose policy denies it. */
const deliveryDenied = (seed: string, at: number, region: string, write: boolean): CloudTrailRecord => ({
  ...base(seed, at, region),
  userIdentity: { type: 'AWSService', invokedBy: 'delivery.logs.amazonaws.com' },
  eventSource: 's3.amazonaws.com',
  eventName: write ? 'PutObject' : 'GetBucketAcl',
  sourceIPAddress: 'delivery.logs.amazonaws.com',
  userAgent: 'delivery.logs.amazonaws.com',
  errorCode: 'AccessDenied',
  errorMessage: 'Access Denied',
  requestParameters: write
    ? {
        bucketName: DELIVERY_BUCKET,
        key: `AWSLogs/${ACCOUNT}/vpcflowlogs/${region}/2026/03/02/${seed}.log.gz`,
        Host: `${DELIVERY_BUCKET}.s3.amazonaws.com`,
      }
    : { bucketName: DELIVERY_BUCKET, acl: '', Host: `${DELIVERY_BUCKET}.s3.amazonaws.com` },
  responseElements: null,
  readOnly: !write,
  resources: [{ type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${DELIVERY_BUCKET}` }],
  ...(write && { eventCategory: 'Data', managementEvent: false }),
});

const alice = {
  type: 'IAMUser',
  principalId: 'AIDAEXAMPLEALICE0001',
  arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  accountId: ACCOUNT,
  accessKeyId: 'AKIAEXAMPLEALICE0001',
  userName: 'alice',
};

/** The causes that must each open their own incident, each its first occurrence at a fixed hour. */
const causes = (hour: number, region: string, at: number): CloudTrailRecord[] => {
  const seed = `cause-${hour}-${region}`;
  if (region !== 'us-east-1') return [];
  switch (hour) {
    case 5:
      return [
        {
          ...base(`${seed}-root`, at, region),
          userIdentity: {
            type: 'Root',
            principalId: ACCOUNT,
            arn: `arn:aws:iam::${ACCOUNT}:root`,
            accountId: ACCOUNT,
            accessKeyId: 'ASIAEXAMPLEROOT00001',
            sessionContext: { attributes: { creationDate: iso(at - 60_000), mfaAuthenticated: 'true' } },
          },
          eventSource: 'iam.amazonaws.com',
          eventName: 'ListUsers',
          sourceIPAddress: '198.51.100.23',
          userAgent: 'AWS Internal',
          requestParameters: null,
          responseElements: null,
          readOnly: true,
        },
      ];
    case 9:
      return [
        {
          ...base(`${seed}-trail`, at, region),
          userIdentity: alice,
          eventSource: 'cloudtrail.amazonaws.com',
          eventName: 'UpdateTrail',
          sourceIPAddress: '198.51.100.7',
          userAgent: CLI,
          requestParameters: { name: 'management-events', isMultiRegionTrail: false },
          responseElements: {
            name: 'management-events',
            trailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management-events`,
          },
          readOnly: false,
        },
      ];
    case 14:
      return [
        {
          ...base(`${seed}-policy`, at, region),
          userIdentity: alice,
          eventSource: 's3.amazonaws.com',
          eventName: 'PutBucketPolicy',
          sourceIPAddress: '198.51.100.7',
          userAgent: CLI,
          requestParameters: {
            bucketName: 'example-app-data',
            bucketPolicy: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/app` },
                  Action: 's3:GetObject',
                  Resource: 'arn:aws:s3:::example-app-data/*',
                },
              ],
            },
            policy: '',
            Host: 'example-app-data.s3.amazonaws.com',
          },
          responseElements: null,
          readOnly: false,
        },
      ];
    case 20:
      return [0, 1, 2].map((i) => ({
        ...base(`${seed}-denied-${i}`, at + i * 1000, region),
        userIdentity: {
          type: 'IAMUser',
          principalId: 'AIDAEXAMPLENEWUSER01',
          arn: `arn:aws:iam::${ACCOUNT}:user/new-contractor`,
          accountId: ACCOUNT,
          accessKeyId: 'AKIAEXAMPLENEWUSER01',
          userName: 'new-contractor',
        },
        eventSource: 's3.amazonaws.com',
        eventName: 'ListBuckets',
        sourceIPAddress: '192.0.2.44',
        userAgent: CLI,
        errorCode: 'AccessDenied',
        errorMessage:
          'User: arn:aws:iam::111122223333:user/new-contractor is not authorized to perform: s3:ListAllMyBuckets',
        requestParameters: { Host: 's3.amazonaws.com' },
        responseElements: null,
        readOnly: true,
      }));
    case 30:
      return [
        {
          ...base(`${seed}-inline`, at, region),
          userIdentity: alice,
          eventSource: 'iam.amazonaws.com',
          eventName: 'PutRolePolicy',
          sourceIPAddress: '198.51.100.7',
          userAgent: CLI,
          requestParameters: {
            roleName: 'app',
            policyName: 'everything',
            policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
          },
          responseElements: null,
          readOnly: false,
        },
      ];
    default:
      return [];
  }
};

/**
 * Writes the trail under `dir` as an `aws s3 sync` copy would lay it out.
 * @returns the number of files, records and denied delivery writes
 */
export const writeQuietAccountTrail = (dir: string): { files: number; records: number; denied: number } => {
  let files = 0;
  let records = 0;
  let denied = 0;
  for (const region of REGIONS) {
    for (let hour = 0; hour < HOURS; hour++) {
      const hourStart = START + hour * 3600_000;
      const day = new Date(hourStart).toISOString().slice(0, 10).replaceAll('-', '/');
      const folder = join(dir, 'AWSLogs', ACCOUNT, 'CloudTrail', region, day);
      mkdirSync(folder, { recursive: true });
      for (let f = 0; f < FILES_PER_HOUR; f++) {
        const at = hourStart + f * 90_000;
        const seed = `${region}-${hour}-${f}`;
        const batch: CloudTrailRecord[] = [];
        const n = 2 + ((hour * 7 + f * 3) % 9);
        for (let i = 0; i < n; i++) batch.push(routine(`${seed}-r${i}`, at + i * 1000, region));
        // us-east-1 holds the denied bucket: its delivery fails in most files, checks and writes.
        if (region === 'us-east-1' && f % 5 !== 4) {
          for (let i = 0; i < 7; i++)
            batch.push(deliveryDenied(`${seed}-d${i}`, at + 20_000 + i * 500, region, i % 2 === 1));
          denied += 7;
        }
        if (f === 3) batch.push(...causes(hour, region, at + 40_000));
        const stamp = iso(at + 300_000)
          .replace(/[-:]/g, '')
          .slice(0, 13);
        const name = `${ACCOUNT}_CloudTrail_${region}_${stamp}Z_${createHash('sha256').update(seed).digest('hex').slice(0, 16)}.json.gz`;
        writeFileSync(join(folder, name), gzipSync(JSON.stringify({ Records: batch })));
        files++;
        records += batch.length;
      }
    }
  }
  return { files, records, denied };
};
