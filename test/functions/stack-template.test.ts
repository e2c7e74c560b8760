import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_IAM_ACTIONS } from '../../lib/aws/trail-snapshot.js';
import { packageStack, type Template } from '../helpers/package-stack.js';
import { conditionHolds, grantsOf, render, roleOf } from '../helpers/template-grants.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PACKAGING = 180_000;

const TRAIL = 'arn:aws:s3:::example-trail-bucket';
const RESULTS = 'arn:aws:s3:::<ResultsBucket>';
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const TRAIL_ARNS = [
  'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-main',
  'arn:aws:cloudtrail:eu-west-1:111122223333:trail/second',
];
const logs = (fn: string) =>
  ['logs:CreateLogStream', 'logs:PutLogEvents'].map(
    (action) => `${action} arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/trailwatch-dev-${fn}:*`
  );
const consume = (queue: string) =>
  ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'].map((a) => `${a} <${queue}.Arn>`);
/** Every function sends alerts: the topic the stack creates, the default bus with trailwatch's source. */
const ALERTS = [
  'sns:Publish <AlertTopic>',
  'events:PutEvents arn:aws:events:us-east-1:111122223333:event-bus/default if StringEquals events:source trailwatch',
];
const TRAIL_READ = [`s3:GetObject ${TRAIL}/AWSLogs/*`, `s3:ListBucket ${TRAIL} if StringLike s3:prefix AWSLogs/*`];
/** The incident table: reads, the transaction's Update and its Put (the source marker, only in a transaction), markSent. */
const INCIDENTS = [
  'dynamodb:BatchGetItem <IncidentTable.Arn>',
  'dynamodb:UpdateItem <IncidentTable.Arn>',
  'dynamodb:PutItem <IncidentTable.Arn> if ForAnyValue:StringEquals dynamodb:EnclosingOperation TransactWriteItems',
];
/** The correlation table: reads, and the transaction's two Puts (marker and state), only in a transaction. */
const CORRELATIONS = [
  'dynamodb:BatchGetItem <CorrelationTable.Arn>',
  'dynamodb:PutItem <CorrelationTable.Arn> if ForAnyValue:StringEquals dynamodb:EnclosingOperation TransactWriteItems',
];
const AUDIT_READS = SNAPSHOT_IAM_ACTIONS.map((a) => `${a} ${a.startsWith('s3:') ? 'arn:aws:s3:::*' : '*'}`);

/** What each function may do in a default deployment (`npx osls package`, ingestTrigger=sqs). */
const GRANTS: Record<string, string[]> = {
  ingest: [
    ...logs('ingest'),
    ...TRAIL_READ,
    `s3:GetObjectVersion ${TRAIL}/AWSLogs/*`,
    `s3:PutObject ${RESULTS}/summaries/*`,
    ...consume('IngestQueue'),
    'sqs:SendMessage <DigestQueue.Arn>',
    'sqs:SendMessage <AlertsDeadLetterQueue.Arn>',
    ...INCIDENTS,
    ...CORRELATIONS,
    ...ALERTS,
  ],
  verify: [
    ...logs('verify'),
    ...consume('DigestQueue'),
    ...TRAIL_READ,
    'cloudtrail:ListPublicKeys *',
    `s3:PutObject ${RESULTS}/verdicts/digest/*`,
    ...ALERTS,
  ],
  heartbeat: [
    ...logs('heartbeat'),
    'sqs:SendMessage <AlertsDeadLetterQueue.Arn>',
    `s3:ListBucket ${TRAIL} if StringLike s3:prefix AWSLogs/*`,
    `s3:PutObject ${RESULTS}/verdicts/heartbeat/*`,
    `s3:GetObject ${RESULTS}/state/heartbeat/*`,
    `s3:PutObject ${RESULTS}/state/heartbeat/*`,
    `s3:ListBucket ${RESULTS} if StringLike s3:prefix state/heartbeat/*`,
    ...ALERTS,
  ],
  rollup: [
    ...logs('rollup'),
    'sqs:SendMessage <AlertsDeadLetterQueue.Arn>',
    `s3:GetObject ${RESULTS}/*`,
    `s3:PutObject ${RESULTS}/*`,
    `s3:ListBucket ${RESULTS}`,
    ...ALERTS,
  ],
  realtime: [
    ...logs('realtime'),
    'sqs:SendMessage <AlertsDeadLetterQueue.Arn>',
    ...INCIDENTS,
    ...CORRELATIONS,
    ...ALERTS,
  ],
  logs: [...logs('logs'), 'sqs:SendMessage <AlertsDeadLetterQueue.Arn>', ...INCIDENTS, ...CORRELATIONS, ...ALERTS],
  judge: [
    ...logs('judge'),
    'sqs:SendMessage <AlertsDeadLetterQueue.Arn>',
    ...INCIDENTS,
    ...CORRELATIONS,
    'dynamodb:Scan <CorrelationTable.Arn>',
    ...ALERTS,
  ],
  audit: [
    ...logs('audit'),
    'sqs:SendMessage <AlertsDeadLetterQueue.Arn>',
    `s3:GetObject ${RESULTS}/trails/audit/*`,
    `s3:PutObject ${RESULTS}/trails/audit/*`,
    `s3:ListBucket ${RESULTS} if StringLike s3:prefix trails/audit/*`,
    ...AUDIT_READS,
    ...ALERTS,
  ],
};
const FUNCTIONS = Object.keys(GRANTS);
const functionId = (fn: string) => `${fn[0]?.toUpperCase()}${fn.slice(1)}LambdaFunction`;

/** The EventBridge rules (with a pattern) that invoke a function. */
const patternsInvoking = (template: Template, fn: string): unknown[] =>
  Object.values(template.Resources)
    .filter((r) => r.Type === 'AWS::Events::Rule' && r.Properties?.EventPattern !== undefined)
    .filter((r) =>
      ((r.Properties?.Targets ?? []) as Array<{ Arn: unknown }>).some(
        (t) => JSON.stringify(t.Arn) === JSON.stringify({ 'Fn::GetAtt': [functionId(fn), 'Arn'] })
      )
    )
    .map((r) => r.Properties?.EventPattern);

/** One environment variable of every function, by function name (undefined where it is not set). */
const variableByFunction = (template: Template, name: string): Record<string, unknown> =>
  Object.fromEntries(
    FUNCTIONS.map((fn) => {
      const environment = template.Resources[functionId(fn)]?.Properties?.Environment as
        | { Variables?: Record<string, unknown> }
        | undefined;
      return [fn, environment?.Variables?.[name]];
    })
  );

/** The template with the parameters' defaults left out: they hold what `--param` passed in. */
const withoutParameterValues = (template: Template): string =>
  JSON.stringify({
    ...template,
    Parameters: Object.fromEntries(
      Object.entries(template.Parameters).map(([id, { Default: _, ...rest }]) => [id, rest])
    ),
  });

describe('the packaged stack (npx osls package)', () => {
  let template: Template;
  beforeAll(async () => {
    template = await packageStack();
  }, PACKAGING);

  it('runs each function with a role of its own and makes no shared role', () => {
    // Act
    const roles = FUNCTIONS.map((fn) => roleOf(template, functionId(fn)));
    // Assess
    expect(new Set(roles).size).toBe(FUNCTIONS.length);
    expect(template.Resources.IamRoleLambdaExecution).toBeUndefined();
  });

  it.each(FUNCTIONS)('grants %s exactly what the function does', (fn) => {
    // Act
    const grants = grantsOf(template, roleOf(template, functionId(fn)));
    // Assess
    expect(grants).toEqual([...(GRANTS[fn] ?? [])].sort());
  });

  it("adds the created trail's AWSLogs/ folder and key to ingest and verify only, with createTrail", () => {
    // Prepare
    const withTrail: Template = {
      ...template,
      Conditions: { ...template.Conditions, TrailwatchCreateTrail: { 'Fn::Equals': ['true', 'true'] } },
    };
    const added = [
      's3:GetObject <TrailBucket.Arn>/AWSLogs/*',
      's3:ListBucket <TrailBucket.Arn> if StringLike s3:prefix AWSLogs/*',
      'kms:Decrypt <TrailKey.Arn>',
    ];
    const addedToIngest = ['s3:GetObjectVersion <TrailBucket.Arn>/AWSLogs/*'];
    // Act
    const grants = Object.fromEntries(
      FUNCTIONS.map((fn) => [fn, grantsOf(withTrail, roleOf(withTrail, functionId(fn)))])
    );
    // Assess
    expect(grants).toEqual(
      Object.fromEntries(
        FUNCTIONS.map((fn) => [
          fn,
          [
            ...(GRANTS[fn] ?? []),
            ...(fn === 'ingest' || fn === 'verify' ? added : []),
            ...(fn === 'ingest' ? addedToIngest : []),
          ].sort(),
        ])
      )
    );
  });

  // A notification from a versioned bucket (the created trail's bucket is one) names the version
  // written, and ingest reads it with a versionId, which S3 authorises as s3:GetObjectVersion only.
  it.each([
    ['the existing trail bucket', 'false'],
    ["the created trail's versioned bucket", 'true'],
  ])('lets ingest read the announced version of every trail file it may read, in %s', (_, createTrail) => {
    // Prepare
    const deployed: Template = {
      ...template,
      Conditions: { ...template.Conditions, TrailwatchCreateTrail: { 'Fn::Equals': [createTrail, 'true'] } },
    };
    // Act
    const grants = grantsOf(deployed, roleOf(deployed, functionId('ingest')));
    // Assess
    const reads = grants.filter((g) => g.startsWith('s3:GetObject ') && !g.includes(RESULTS));
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) expect(grants).toContain(read.replace('s3:GetObject ', 's3:GetObjectVersion '));
  });

  it('lets CloudTrail events reach realtime and audit only from AWS sources', () => {
    // Act
    const realtime = patternsInvoking(template, 'realtime');
    const audit = patternsInvoking(template, 'audit');
    // Assess
    expect(realtime).toEqual([expect.objectContaining({ source: [{ prefix: 'aws.' }] })]);
    expect(audit).toEqual([expect.objectContaining({ source: ['aws.cloudtrail', 'aws.s3'] })]);
  });

  it('builds every ARN from AWS::Partition', () => {
    // Act
    const text = withoutParameterValues(template);
    // Assess
    expect(text).not.toContain('arn:aws:');
  });

  it.each([
    ['incident', 'IncidentTable', 'INCIDENT_TABLE'],
    ['correlation', 'CorrelationTable', 'CORRELATION_TABLE'],
  ])('makes the %s table on demand, keyed by pk, expiring items by ttl', (_, resource) => {
    // Act
    const table = template.Resources[resource];
    // Assess
    expect(table?.Type).toBe('AWS::DynamoDB::Table');
    expect(table?.Properties).toEqual({
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
    });
  });

  it.each([
    ['incident', 'IncidentTable', 'INCIDENT_TABLE'],
    ['correlation', 'CorrelationTable', 'CORRELATION_TABLE'],
  ])('names the %s table to ingest, realtime, logs and judge only', (_, resource, variable) => {
    // Act
    const tables = Object.fromEntries(
      Object.entries(variableByFunction(template, variable)).map(([fn, value]) => [fn, render(template, value)])
    );
    // Assess
    expect(tables).toEqual(
      Object.fromEntries(
        FUNCTIONS.map((fn) => [fn, ['ingest', 'realtime', 'logs', 'judge'].includes(fn) ? `<${resource}>` : undefined])
      )
    );
  });

  it(
    'sets the first-seen learning period on ingest, realtime and logs only: 7 days, or the learningDays param',
    async () => {
      // Prepare
      const learningDays = (t: Template) => variableByFunction(t, 'FIRST_SEEN_LEARNING_DAYS');
      const expected = (days: string) =>
        Object.fromEntries(FUNCTIONS.map((fn) => [fn, ['ingest', 'realtime', 'logs'].includes(fn) ? days : undefined]));
      // Act
      const set = await packageStack({ learningDays: '2.5' });
      // Assess
      expect(learningDays(template)).toEqual(expected('7'));
      expect(learningDays(set)).toEqual(expected('2.5'));
    },
    PACKAGING
  );

  it('runs judge every 5 minutes, its failed invocations kept in the failed-invocations queue', () => {
    // Act
    const schedules = Object.values(template.Resources)
      .filter((r) => r.Type === 'AWS::Events::Rule' && r.Properties?.ScheduleExpression !== undefined)
      .filter((r) => JSON.stringify(r.Properties?.Targets).includes('"JudgeLambdaFunction"'))
      .map((r) => r.Properties?.ScheduleExpression);
    const onFailure = Object.values(template.Resources)
      .filter((r) => r.Type === 'AWS::Lambda::EventInvokeConfig')
      .find((r) => JSON.stringify(r.Properties?.FunctionName).includes('JudgeLambdaFunction'))
      ?.Properties?.DestinationConfig;
    // Assess
    expect(schedules).toEqual(['rate(5 minutes)']);
    expect(onFailure).toEqual({ OnFailure: { Destination: { 'Fn::GetAtt': ['AlertsDeadLetterQueue', 'Arn'] } } });
  });

  it("names every EventBridge rule of the stack under the functions' TRAILWATCH_EVENT_RULES prefix", () => {
    // Prepare
    const rules = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Events::Rule');
    const watched = Object.values(variableByFunction(template, 'TRAILWATCH_EVENT_RULES'));
    // Act: a rule without a Name gets one from CloudFormation, `<stack name>-<logical id>-<suffix>`
    const names = rules.map(([id, r]) => (r.Properties?.Name as string | undefined) ?? `trailwatch-dev-${id}-X1Y2Z3`);
    // Assess
    expect(rules.length).toBeGreaterThan(3);
    expect(new Set(watched)).toEqual(new Set(['trailwatch-dev-*']));
    expect(names.filter((name) => !name.startsWith('trailwatch-dev-'))).toEqual([]);
  });

  it('has no EventBridge rule on the trail bucket with the SQS trigger', () => {
    // Assess
    expect(template.Resources.IngestObjectCreatedRule?.Condition).toBe('IngestFromEventBridge');
    expect(conditionHolds(template, 'IngestFromEventBridge')).toBe(false);
  });
});

describe('serverless.yml and serverless/*.yml', () => {
  it('never write a literal arn:aws: partition', async () => {
    // Prepare
    const files = ['serverless.yml', ...(await readdir(join(ROOT, 'serverless'))).map((f) => `serverless/${f}`)];
    // Act
    const literal: string[] = [];
    for (const file of files) {
      (await readFile(join(ROOT, file), 'utf8')).split('\n').forEach((line, i) => {
        if (line.includes('arn:aws:')) literal.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    // Assess
    expect(literal).toEqual([]);
  });
});

describe('packaged for a trail under a key prefix, SSE-KMS, the S3 trigger, account names and trail ARNs', () => {
  let template: Template;
  beforeAll(async () => {
    template = await packageStack({
      ingestTrigger: 's3',
      trailPrefix: 'org/',
      trailKmsKeyArn: KEY,
      alertOrganizationsLookup: 'true',
      trailArns: TRAIL_ARNS.join(','),
    });
  }, PACKAGING);

  it('notifies ingest of the files under org/AWSLogs/ only', () => {
    // Act
    const notifications = Object.values(template.Resources)
      .filter((r) => r.Type === 'Custom::S3')
      .map((r) => render(template, r.Properties));
    // Assess
    expect(notifications).toEqual([
      expect.objectContaining({
        BucketName: 'example-trail-bucket',
        BucketConfigs: [{ Event: 's3:ObjectCreated:*', Rules: [{ Prefix: 'org/AWSLogs/' }, { Suffix: '.json.gz' }] }],
      }),
    ]);
  });

  it.each(FUNCTIONS)('grants %s the same, under org/AWSLogs/, with the key, ListAccounts and GetTrailStatus', (fn) => {
    // Prepare
    const readsTrail = fn === 'ingest' || fn === 'verify';
    const expected = (GRANTS[fn] ?? [])
      .filter((g) => !(fn === 'ingest' && g.includes('<IngestQueue.Arn>')))
      .map((g) =>
        g.replace(`${TRAIL}/AWSLogs/*`, `${TRAIL}/org/AWSLogs/*`).replace('prefix AWSLogs/*', 'prefix org/AWSLogs/*')
      )
      .concat(readsTrail ? [`kms:Decrypt ${KEY}`] : [], ['organizations:ListAccounts *'])
      .concat(fn === 'heartbeat' ? TRAIL_ARNS.map((arn) => `cloudtrail:GetTrailStatus ${arn}`) : []);
    // Act
    const grants = grantsOf(template, roleOf(template, functionId(fn)));
    // Assess
    expect(grants).toEqual(expected.sort());
  });

  it('tells the heartbeat where the trail writes and which trails write there', () => {
    // Act
    const variables = template.Resources.HeartbeatLambdaFunction?.Properties?.Environment as {
      Variables: Record<string, unknown>;
    };
    // Assess
    expect(variables.Variables.TRAIL_PREFIX).toBe('org/');
    expect(render(template, variables.Variables.TRAIL_ARNS)).toBe(TRAIL_ARNS.join(','));
  });

  it('builds every ARN from AWS::Partition', () => {
    // Act
    const text = withoutParameterValues(template);
    // Assess
    expect(text).not.toContain('arn:aws:');
  });
});

describe('packaged with --param ingestTrigger=eventbridge (bundled, as deployed)', () => {
  let template: Template;
  beforeAll(async () => {
    template = await packageStack({ ingestTrigger: 'eventbridge' }, { bundle: true });
  }, PACKAGING);

  it("sends the trail bucket's Object Created events under AWSLogs/ to the ingest queue", () => {
    // Act
    const rule = template.Resources.IngestObjectCreatedRule;
    // Assess
    expect(rule?.Condition === undefined || conditionHolds(template, rule.Condition)).toBe(true);
    expect(render(template, rule?.Properties)).toMatchObject({
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: { bucket: { name: ['example-trail-bucket'] }, object: { key: [{ prefix: 'AWSLogs/' }] } },
      },
      Targets: [{ Arn: '<IngestQueue.Arn>' }],
    });
  });

  it('lets that rule, and only through its ARN, send to the queue', () => {
    // Act
    const statements = (
      render(template, template.Resources.IngestQueuePolicy?.Properties) as {
        PolicyDocument: { Statement: Array<Record<string, unknown>> };
      }
    ).PolicyDocument.Statement;
    // Assess
    expect(statements).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: '<IngestQueue.Arn>',
        Condition: { ArnEquals: { 'aws:SourceArn': '<IngestObjectCreatedRule.Arn>' } },
      })
    );
  });

  it('has ingest consume the queue with its role allowed to', () => {
    // Act
    const mapping = Object.values(template.Resources).find(
      (r) => r.Type === 'AWS::Lambda::EventSourceMapping' && JSON.stringify(r.Properties).includes('IngestQueue')
    );
    // Assess
    expect(mapping?.DependsOn).toContain('IngestFunctionRole');
    expect(grantsOf(template, 'IngestFunctionRole')).toEqual(expect.arrayContaining(consume('IngestQueue')));
  });
});
