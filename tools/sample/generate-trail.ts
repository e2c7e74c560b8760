import { gzipSync } from 'node:zlib';
import type { CloudTrailRecord, UserIdentity } from '../../lib/model/record.js';

/*
 * A deterministic generator of realistic CloudTrail log files under the real key layout, for
 * the demo, the fixtures in events/ and the benchmark. Field sets follow
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 * (see shared/reference/cloudtrail-records.md); accounts, ARNs and addresses are from the
 * documentation ranges (111122223333, 198.51.100.0/24, 203.0.113.0/24).
 */

/** A small seeded PRNG (mulberry32): the same seed gives the same trail on every machine. */
export const createRandom = (seed: number) => {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (max: number): number => Math.floor(next() * max),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    hex: (length: number): string => {
      let out = '';
      while (out.length < length) out += Math.floor(next() * 16).toString(16);
      return out;
    },
    alnum: (length: number): string => {
      const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
      let out = '';
      for (let i = 0; i < length; i++) out += chars[Math.floor(next() * chars.length)];
      return out;
    },
  };
};
export type Random = ReturnType<typeof createRandom>;

const uuid = (random: Random): string =>
  `${random.hex(8)}-${random.hex(4)}-4${random.hex(3)}-8${random.hex(3)}-${random.hex(12)}`;

const USER_AGENTS = [
  'aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#s3.ls',
  'aws-sdk-js/3.540.0 ua/2.0 os/linux#5.10.213 lang/js md/nodejs#20.11.1 api/s3#3.540.0',
  'Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.10.210 md/arch#x86_64 lang/python#3.12.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69',
  'Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/5.42.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.26.0 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.152.0',
];

type Principal = { identity: UserIdentity; ip: string; agent: string };

const principals = (account: string, random: Random): Principal[] => {
  const role = (name: string, session: string, ip: string, agent: string): Principal => {
    const roleId = `AROA${random.alnum(17).toUpperCase()}`;
    return {
      identity: {
        type: 'AssumedRole',
        principalId: `${roleId}:${session}`,
        arn: `arn:aws:sts::${account}:assumed-role/${name}/${session}`,
        accountId: account,
        accessKeyId: `ASIA${random.alnum(16).toUpperCase()}`,
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            principalId: roleId,
            arn: `arn:aws:iam::${account}:role/${name}`,
            accountId: account,
            userName: name,
          },
          attributes: { creationDate: '2026-01-02T02:00:00Z', mfaAuthenticated: 'false' },
        },
      },
      ip,
      agent,
    };
  };
  const user = (name: string, ip: string, agent: string): Principal => ({
    identity: {
      type: 'IAMUser',
      principalId: `AIDA${random.alnum(17).toUpperCase()}`,
      arn: `arn:aws:iam::${account}:user/${name}`,
      accountId: account,
      accessKeyId: `AKIA${random.alnum(16).toUpperCase()}`,
      userName: name,
    },
    ip,
    agent,
  });
  return [
    role('app-server-role', 'i-0a1b2c3d4e5f60718', '198.51.100.20', USER_AGENTS[1] as string),
    role('ci-deploy-role', 'github-actions', '203.0.113.45', USER_AGENTS[3] as string),
    role('data-pipeline-role', 'etl-nightly', '198.51.100.31', USER_AGENTS[2] as string),
    user('alice', '203.0.113.10', USER_AGENTS[0] as string),
    user('bob', '203.0.113.11', USER_AGENTS[0] as string),
  ];
};

type Template = {
  weight: number;
  build: (ctx: { account: string; region: string; random: Random; who: Principal }) => Partial<CloudTrailRecord>;
};

/** The everyday mix: what a busy account logs, weighted roughly by real volume. */
const ROUTINE: Template[] = [
  {
    weight: 30,
    build: ({ account, random }) => {
      const eventName = random.pick(['GetObject', 'GetObject', 'PutObject', 'HeadObject']);
      return {
        eventSource: 's3.amazonaws.com',
        eventName,
        eventCategory: 'Data',
        managementEvent: false,
        readOnly: eventName !== 'PutObject',
        requestParameters: {
          bucketName: 'example-app-data',
          Host: 'example-app-data.s3.us-east-1.amazonaws.com',
          key: `uploads/${random.alnum(12)}.json`,
        },
        responseElements: null,
        additionalEventData: {
          SignatureVersion: 'SigV4',
          CipherSuite: 'TLS_AES_128_GCM_SHA256',
          bytesTransferredIn: 0,
          AuthenticationMethod: 'AuthHeader',
          'x-amz-id-2': random.alnum(40),
          bytesTransferredOut: random.int(90000),
        },
        resources: [
          { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::example-app-data/uploads/${random.alnum(12)}.json` },
          { accountId: account, type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::example-app-data' },
        ],
      };
    },
  },
  {
    weight: 20,
    build: ({ account, region, random }) => ({
      eventSource: 'kms.amazonaws.com',
      eventName: random.pick(['Decrypt', 'GenerateDataKey']),
      readOnly: true,
      requestParameters: {
        encryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        encryptionContext: { 'aws:s3:arn': 'arn:aws:s3:::example-app-data' },
      },
      responseElements: null,
      resources: [
        { accountId: account, type: 'AWS::KMS::Key', ARN: `arn:aws:kms:${region}:${account}:key/${uuid(random)}` },
      ],
    }),
  },
  {
    weight: 12,
    build: ({ random }) => ({
      eventSource: 'ec2.amazonaws.com',
      eventName: random.pick(['DescribeInstances', 'DescribeSecurityGroups', 'DescribeVolumes', 'DescribeSubnets']),
      readOnly: true,
      requestParameters: { maxResults: 1000, filterSet: {} },
      responseElements: null,
    }),
  },
  {
    weight: 10,
    build: ({ account, random }) => ({
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      readOnly: true,
      requestParameters: {
        roleArn: `arn:aws:iam::${account}:role/app-server-role`,
        roleSessionName: random.alnum(10),
        durationSeconds: 3600,
      },
      responseElements: {
        credentials: {
          accessKeyId: `ASIA${random.alnum(16).toUpperCase()}`,
          sessionToken: random.alnum(120),
          expiration: 'Jan 2, 2026, 4:04:05 AM',
        },
        assumedRoleUser: {
          assumedRoleId: `AROA${random.alnum(17).toUpperCase()}:${random.alnum(10)}`,
          arn: `arn:aws:sts::${account}:assumed-role/app-server-role/x`,
        },
      },
      resources: [{ ARN: `arn:aws:iam::${account}:role/app-server-role`, accountId: account, type: 'AWS::IAM::Role' }],
    }),
  },
  {
    weight: 8,
    build: ({ random }) => ({
      eventSource: 'lambda.amazonaws.com',
      eventName: random.pick(['ListFunctions20150331', 'GetFunction20150331v2']),
      readOnly: true,
      requestParameters: { functionName: 'example-api-handler' },
      responseElements: null,
    }),
  },
  {
    weight: 6,
    build: ({ random }) => ({
      eventSource: 'dynamodb.amazonaws.com',
      eventName: random.pick(['DescribeTable', 'ListTables']),
      readOnly: true,
      requestParameters: { tableName: 'example-orders' },
      responseElements: null,
    }),
  },
  {
    weight: 4,
    build: ({ random }) => ({
      eventSource: 'ssm.amazonaws.com',
      eventName: 'GetParameter',
      readOnly: true,
      requestParameters: {
        name: `/app/${random.pick(['db-host', 'feature-flags', 'queue-url'])}`,
        withDecryption: false,
      },
      responseElements: null,
    }),
  },
  {
    weight: 3,
    build: ({ random }) => ({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'RunInstances',
      readOnly: false,
      requestParameters: {
        instancesSet: { items: [{ imageId: `ami-${random.hex(17)}`, minCount: 1, maxCount: 1 }] },
        instanceType: 't3.micro',
      },
      responseElements: { requestId: uuid(random), reservationId: `r-${random.hex(17)}` },
    }),
  },
  {
    weight: 3,
    build: ({ random }) => ({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DescribeInstances',
      readOnly: true,
      errorCode: 'Client.UnauthorizedOperation',
      errorMessage:
        'You are not authorized to perform this operation. User is not authorized to perform: ec2:DescribeInstances',
      requestParameters: { maxResults: random.pick([5, 50, 1000]) },
      responseElements: null,
    }),
  },
  {
    weight: 2,
    build: () => ({
      eventSource: 's3.amazonaws.com',
      eventName: 'GetBucketAcl',
      readOnly: true,
      errorCode: 'AccessDenied',
      errorMessage: 'Access Denied',
      requestParameters: { bucketName: 'example-app-data', Host: 'example-app-data.s3.amazonaws.com', acl: '' },
      responseElements: null,
    }),
  },
];

/** Security-relevant events the demo seeds so the rules have something to find. */
export const NOTABLE_EVENTS: Array<
  (ctx: { account: string; region: string; random: Random }) => Partial<CloudTrailRecord>
> = [
  ({ account }) => ({
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'StopLogging',
    readOnly: false,
    requestParameters: { name: `arn:aws:cloudtrail:us-east-1:${account}:trail/management-events` },
    responseElements: null,
  }),
  () => ({
    eventSource: 'ec2.amazonaws.com',
    eventName: 'AuthorizeSecurityGroupIngress',
    readOnly: false,
    requestParameters: {
      groupId: 'sg-0123456789abcdef0',
      ipPermissions: {
        items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }],
      },
    },
    responseElements: { requestId: '00000000-0000-4000-8000-0000000000d1', _return: true },
  }),
  ({ account }) => ({
    eventSource: 'iam.amazonaws.com',
    eventName: 'AttachUserPolicy',
    awsRegion: 'us-east-1',
    readOnly: false,
    requestParameters: { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    responseElements: null,
    resources: [{ ARN: `arn:aws:iam::${account}:user/bob`, accountId: account, type: 'AWS::IAM::User' }],
  }),
  () => ({
    eventSource: 'kms.amazonaws.com',
    eventName: 'ScheduleKeyDeletion',
    readOnly: false,
    requestParameters: { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', pendingWindowInDays: 7 },
    responseElements: {
      keyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      deletionDate: 'Jan 9, 2026, 12:00:00 AM',
      keyState: 'PendingDeletion',
      pendingWindowInDays: 7,
    },
  }),
];

/** A console sign-in failure for an IAM user (AwsConsoleSignIn, as documented). */
const consoleLoginFailure = (account: string): Partial<CloudTrailRecord> => ({
  eventType: 'AwsConsoleSignIn',
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  awsRegion: 'us-east-1',
  userIdentity: {
    type: 'IAMUser',
    principalId: 'AIDAEXAMPLEEXAMPLE01',
    accountId: account,
    accessKeyId: '',
    userName: 'alice',
  },
  readOnly: false,
  errorMessage: 'Failed authentication',
  requestParameters: null,
  responseElements: { ConsoleLogin: 'Failure' },
  additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No' },
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
  sourceIPAddress: '192.0.2.66',
});

export type GenerateOptions = {
  seed: number;
  account: string;
  region: string;
  /** eventTime of the first record. */
  start: Date;
  count: number;
  /** Seconds between consecutive records on average. */
  spacingSeconds?: number;
  /** Mix in the notable events (one each, spread through the file). */
  notable?: boolean;
};

const isoSeconds = (date: Date): string => `${date.toISOString().slice(0, 19)}Z`;

/**
 * Generates `count` realistic records, deterministic for a seed.
 * @example
 * const records = generateRecords({ seed: 1, account: '111122223333', region: 'us-east-1', start: new Date('2026-01-02T03:00:00Z'), count: 100 });
 */
export const generateRecords = (options: GenerateOptions): CloudTrailRecord[] => {
  const out: CloudTrailRecord[] = [];
  for (const record of iterateRecords(options)) out.push(record);
  return out;
};

/** The same records as {@link generateRecords}, one at a time (for files too large to hold). */
export function* iterateRecords(options: GenerateOptions): Generator<CloudTrailRecord> {
  const random = createRandom(options.seed);
  const cast = principals(options.account, random);
  const total = ROUTINE.reduce((sum, t) => sum + t.weight, 0);
  const spacing = (options.spacingSeconds ?? 1) * 1000;
  const notableAt = new Map<number, number>();
  if (options.notable) {
    for (const [n, k] of [...NOTABLE_EVENTS.keys(), NOTABLE_EVENTS.length].entries()) {
      notableAt.set(Math.floor(((n + 1) * options.count) / (NOTABLE_EVENTS.length + 2)), k);
    }
  }
  for (let i = 0; i < options.count; i++) {
    const time = new Date(options.start.getTime() + i * spacing + random.int(spacing));
    const who = random.pick(cast);
    let body: Partial<CloudTrailRecord>;
    const notable = notableAt.get(i);
    if (notable === NOTABLE_EVENTS.length) body = consoleLoginFailure(options.account);
    else if (notable !== undefined)
      body = (NOTABLE_EVENTS[notable] as (typeof NOTABLE_EVENTS)[number])({
        account: options.account,
        region: options.region,
        random,
      });
    else {
      let roll = random.int(total);
      const template = ROUTINE.find((t) => {
        roll -= t.weight;
        return roll < 0;
      }) as Template;
      body = template.build({ account: options.account, region: options.region, random, who });
    }
    const category = body.eventCategory ?? 'Management';
    yield {
      eventVersion: random.pick(['1.08', '1.09', '1.10', '1.11']),
      userIdentity: body.userIdentity ?? who.identity,
      eventTime: isoSeconds(time),
      eventSource: body.eventSource,
      eventName: body.eventName,
      awsRegion: body.awsRegion ?? options.region,
      sourceIPAddress: body.sourceIPAddress ?? who.ip,
      userAgent: body.userAgent ?? who.agent,
      ...(body.errorCode !== undefined && { errorCode: body.errorCode }),
      ...(body.errorMessage !== undefined && { errorMessage: body.errorMessage }),
      requestParameters: body.requestParameters ?? null,
      responseElements: body.responseElements ?? null,
      ...(body.additionalEventData !== undefined && { additionalEventData: body.additionalEventData }),
      requestID: uuid(random),
      eventID: uuid(random),
      readOnly: body.readOnly ?? false,
      ...(body.resources !== undefined && { resources: body.resources }),
      eventType: body.eventType ?? 'AwsApiCall',
      managementEvent: category === 'Management',
      recipientAccountId: options.account,
      eventCategory: category,
      tlsDetails: {
        tlsVersion: 'TLSv1.3',
        cipherSuite: 'TLS_AES_128_GCM_SHA256',
        clientProvidedHostHeader: `${(body.eventSource ?? '').split('.')[0]}.${options.region}.amazonaws.com`,
      },
    };
  }
}

/** The S3 key CloudTrail would give a log file delivered at `deliveredAt`. */
export const logFileKey = (
  account: string,
  region: string,
  deliveredAt: Date,
  unique: string,
  prefix?: string,
  organizationId?: string
): string => {
  const iso = deliveredAt.toISOString();
  const [y, m, d] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
  const stamp = `${y}${m}${d}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z`;
  const head = `${prefix ? `${prefix}/` : ''}AWSLogs/${organizationId ? `${organizationId}/` : ''}${account}`;
  return `${head}/CloudTrail/${region}/${y}/${m}/${d}/${account}_CloudTrail_${region}_${stamp}_${unique}.json.gz`;
};

/** Serialises records as CloudTrail does (compact JSON, one `Records` array) and gzips them. */
export const encodeLogFile = (records: readonly CloudTrailRecord[]): Buffer =>
  gzipSync(Buffer.from(JSON.stringify({ Records: records })));

export type SampleFile = { key: string; records: CloudTrailRecord[] };

export type SampleTrailOptions = {
  seed?: number;
  accounts?: string[];
  regions?: string[];
  start?: Date;
  /** Log files per account and region, delivered 5 minutes apart. */
  files?: number;
  recordsPerFile?: number;
  organizationId?: string;
  prefix?: string;
};

/**
 * The bundled sample trail: a few accounts and regions, files 5 minutes apart, the notable
 * events in the first file of the first account. Deterministic.
 */
export const sampleTrail = (options: SampleTrailOptions = {}): SampleFile[] => {
  const seed = options.seed ?? 20260102;
  const accounts = options.accounts ?? ['111122223333', '444455556666'];
  const regions = options.regions ?? ['us-east-1', 'eu-west-1'];
  const start = options.start ?? new Date('2026-01-02T03:00:00Z');
  const files = options.files ?? 3;
  const perFile = options.recordsPerFile ?? 40;
  const random = createRandom(seed);
  const out: SampleFile[] = [];
  for (const [a, account] of accounts.entries()) {
    for (const [r, region] of regions.entries()) {
      for (let f = 0; f < files; f++) {
        const eventsStart = new Date(start.getTime() + f * 5 * 60_000);
        const deliveredAt = new Date(eventsStart.getTime() + 10 * 60_000);
        const records = generateRecords({
          seed: seed + a * 1000 + r * 100 + f,
          account,
          region,
          start: eventsStart,
          count: perFile,
          spacingSeconds: 300 / perFile,
          notable: a === 0 && r === 0 && f === 0,
        });
        out.push({
          key: logFileKey(account, region, deliveredAt, random.alnum(16), options.prefix, options.organizationId),
          records,
        });
      }
    }
  }
  return out;
};
