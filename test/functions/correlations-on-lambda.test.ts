import { rm } from 'node:fs/promises';
import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../lib/model/alert.js';
import type { CloudTrailRecord } from '../../lib/model/record.js';
import { JUDGE_LATENESS_MS } from '../../lib/pipelines/judge.js';
import { s3Put, SAMPLE_BUCKET } from '../../tools/sample/envelopes.js';
import { encodeLogFile, logFileKey } from '../../tools/sample/generate-trail.js';
import { consoleLogin, ruleFolder } from '../helpers/correlation-records.js';
import { type DynamoDbCall, type DynamoDbProxy, dynamoDbError, startDynamoDbProxy } from '../helpers/dynamodb-proxy.js';
import { captureStdout } from '../helpers/emf.js';
import { createIncidentTable } from '../helpers/incident-table.js';
import { type MotoServer, motoServerPath } from '../helpers/moto-server.js';
import type { LocalS3 } from '../helpers/s3rver.js';
import { type S3AndDynamo, startS3AndDynamo } from '../helpers/s3-and-dynamo.js';

/*
 * The Lambda handlers with CORRELATION_TABLE and INCIDENT_TABLE on moto's DynamoDB, S3 on s3rver,
 * and the console sink on stdout: one handler module (one cold start) per invocation, as Lambda
 * runs concurrent invocations in separate environments.
 */

const motoMissing = motoServerPath() === undefined;
if (motoMissing) process.stderr.write('skipping correlations on Lambda: moto_server is not on PATH\n');

const RESULTS = 'results-bucket';
const BURST = 'console-login-failure-burst';
const context = { awsRequestId: 'test-request', functionName: 'test' } as Context;
type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** eventTimes a few minutes before the real clock, so incidents and states are live. */
const T0 = Date.now() - 30 * 60_000;
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Failed console sign-ins from `ip` at these minutes past T0. */
const failures = (ip: string, minutes: readonly number[], user = 'example-user'): CloudTrailRecord[] =>
  minutes.map((m) => consoleLogin(at(m), 'Failure', user, ip));

/** The alerts a handler wrote on stdout (the console sink: one JSON line per alert). */
const alertsIn = (lines: readonly string[]): Alert[] =>
  lines.flatMap((line) => {
    try {
      const parsed = JSON.parse(line) as Partial<Alert>;
      return typeof parsed.ruleId === 'string' && typeof parsed.id === 'string' ? [parsed as Alert] : [];
    } catch {
      return [];
    }
  });

describe.skipIf(motoMissing)('thresholds and correlations across invocations on Lambda (moto DynamoDB)', () => {
  let s3: LocalS3;
  let moto: MotoServer;
  let dynamo: DynamoDBClient;
  let files = 0;
  let stdout: string[] = [];

  let servers: S3AndDynamo | undefined;
  beforeAll(async () => {
    servers = await startS3AndDynamo([SAMPLE_BUCKET, RESULTS]);
    ({ s3, moto, dynamo } = servers);
  });
  afterAll(() => servers?.close());
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  /** Puts a log file of the records in the trail bucket and returns its key. */
  const putLogFile = async (records: CloudTrailRecord[]): Promise<string> => {
    const key = logFileKey('111122223333', 'us-east-1', new Date(T0), `CORR${String(++files).padStart(12, '0')}`);
    await s3.client.send(new PutObjectCommand({ Bucket: SAMPLE_BUCKET, Key: key, Body: encodeLogFile(records) }));
    return key;
  };

  /** Fresh incident and correlation tables, named to the handlers through `endpoint` (moto or a proxy). */
  const stack = async (endpoint: string, rulesDir?: string) => {
    const incidents = await createIncidentTable(dynamo, 'incidents');
    const correlations = await createIncidentTable(dynamo, 'correlations');
    vi.stubEnv('AWS_ENDPOINT_URL_S3', s3.endpoint);
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', endpoint);
    vi.stubEnv('RESULTS_BUCKET', RESULTS);
    vi.stubEnv('INCIDENT_TABLE', incidents);
    vi.stubEnv('CORRELATION_TABLE', correlations);
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    if (rulesDir) vi.stubEnv('TRAILWATCH_RULES_DIRS', rulesDir);
    stdout = [];
    return { incidents, correlations };
  };

  /** Runs handler invocations with stdout captured into `stdout`; their error is thrown again. */
  const captured = async <T>(run: () => Promise<T>): Promise<T> => {
    const { lines, result, error } = await captureStdout(run);
    stdout.push(...lines);
    if (error !== undefined) throw error;
    return result as T;
  };

  /** A cold start of a handler module: its own settings, clients and stores. */
  const coldStart = async (name: 'ingest' | 'judge' | 'realtime'): Promise<Handler> => {
    vi.resetModules();
    const module = (
      name === 'ingest'
        ? await import('../../functions/ingest.js')
        : name === 'realtime'
          ? await import('../../functions/realtime.js')
          : await import('../../functions/judge.js')
    ) as { handler: Handler };
    return module.handler;
  };

  /** The EventBridge event CloudTrail sends for a console sign-in record. */
  const signInEvent = (record: CloudTrailRecord) => ({
    version: '0',
    id: `event-${record.eventID}`,
    'detail-type': 'AWS Console Sign In via CloudTrail',
    source: 'aws.signin',
    account: '111122223333',
    time: record.eventTime,
    region: 'us-east-1',
    resources: [],
    detail: record,
  });

  /**
   * The burst's states in a table, the markers left out (failed sign-ins also feed the
   * password-spray count, a state of its own that these tests do not follow).
   */
  const statesIn = async (table: string) => {
    const { Items = [] } = await dynamo.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
    return Items.filter((i) => i.pk?.S?.startsWith('correlation#') && i.correlationId?.S === BURST);
  };

  /**
   * A proxy to moto that holds the first `parties` reads of the correlation table until all of
   * them have read (each writer then writes on what it read before any other wrote), and passes
   * transactions on one at a time (moto applies concurrent requests to shared state unlocked).
   */
  const racingProxy = async (table: string, parties: number): Promise<DynamoDbProxy> => {
    const waiting: Array<() => void> = [];
    let writes: Promise<unknown> = Promise.resolve();
    const readsTable = (call: DynamoDbCall) =>
      call.action === 'BatchGetItem' && table in ((call.json.RequestItems as Record<string, unknown>) ?? {});
    return startDynamoDbProxy(
      moto.endpoint,
      () => undefined,
      async (call) => {
        if (readsTable(call) && waiting.length < parties) {
          await new Promise<void>((release) => {
            waiting.push(release);
            if (waiting.length === parties) for (const r of waiting) r();
          });
        }
        if (call.action === 'TransactWriteItems') {
          const turn = writes.then(() => new Promise((r) => setTimeout(r, 20)));
          writes = turn;
          await turn;
        }
      }
    );
  };

  it('fires a threshold burst split over 3 files once when concurrent invocations race, and a re-processed file changes nothing', async () => {
    // Prepare: 5 failed sign-ins from one address within 10 minutes, delivered as 2 + 2 + 1
    const keys = [
      await putLogFile(failures('203.0.113.5', [1, 2])),
      await putLogFile(failures('203.0.113.5', [3, 4])),
      await putLogFile(failures('203.0.113.5', [5])),
    ];
    const { correlations } = await stack(moto.endpoint);
    const proxy = await racingProxy(correlations, keys.length);
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', proxy.endpoint);
    try {
      const handlers = [await coldStart('ingest'), await coldStart('ingest'), await coldStart('ingest')];
      // Act: one invocation per file, all at once
      await captured(() => Promise.all(keys.map((key, i) => handlers[i]?.(s3Put(key), context))));
      const afterRace = alertsIn(stdout);
      const [stateAfterRace] = await statesIn(correlations);
      stdout.length = 0;
      const again = await coldStart('ingest');
      await captured(() => again(s3Put(keys[1] ?? ''), context));
      const afterRetry = alertsIn(stdout);
      const statesAfterRetry = await statesIn(correlations);
      // Assess: the race was run (writers lost and read again) and the burst fired once
      const transactions = proxy.calls.filter(
        (c) => c.action === 'TransactWriteItems' && JSON.stringify(c.json).includes(correlations)
      );
      expect(transactions.length).toBeGreaterThan(keys.length);
      const burst = afterRace.filter((a) => a.ruleId === BURST);
      expect(burst.map((a) => [a.lifecycle, a.count, a.details?.dedupKey])).toEqual([
        ['opened', 5, '"111122223333"|"203.0.113.5"'],
      ]);
      expect(afterRetry.filter((a) => a.ruleId === BURST)).toEqual([]);
      expect(statesAfterRetry).toEqual([stateAfterRace]);
    } finally {
      await proxy.close();
    }
  });

  it('fires a burst the realtime path saw first once, counted once, when its log file lands', async () => {
    // Prepare: the same 5 failed sign-ins reach realtime one event at a time, then ingest in a file
    const records = failures('203.0.113.77', [1, 2, 3, 4, 5]);
    const key = await putLogFile(records);
    const { incidents } = await stack(moto.endpoint);
    const realtime = await coldStart('realtime');
    // Act
    for (const record of records) await captured(() => realtime(signInEvent(record), context));
    const fromRealtime = alertsIn(stdout).filter((a) => a.ruleId === BURST);
    stdout.length = 0;
    const ingest = await coldStart('ingest');
    await captured(() => ingest(s3Put(key), context));
    const fromFile = alertsIn(stdout).filter((a) => a.ruleId === BURST);
    // Assess
    expect(fromRealtime.map((a) => [a.lifecycle, a.count])).toEqual([['opened', 5]]);
    expect(fromFile).toEqual([]);
    const { Items = [] } = await dynamo.send(new ScanCommand({ TableName: incidents, ConsistentRead: true }));
    expect(Items.filter((i) => i.ruleId?.S === BURST).map((i) => i.count?.N)).toEqual(['5']);
  });

  it('does not fire on a near miss: 4 failed sign-ins over 3 files', async () => {
    // Prepare
    const keys = [
      await putLogFile(failures('198.51.100.44', [1, 2])),
      await putLogFile(failures('198.51.100.44', [3])),
      await putLogFile(failures('198.51.100.44', [4])),
    ];
    const { correlations } = await stack(moto.endpoint);
    // Act
    for (const key of keys) {
      const ingest = await coldStart('ingest');
      await captured(() => ingest(s3Put(key), context));
    }
    // Assess: the 4 matches are kept in one state, and nothing fired
    expect(alertsIn(stdout).filter((a) => a.ruleId === BURST)).toEqual([]);
    const states = await statesIn(correlations);
    expect(states).toHaveLength(1);
    expect((JSON.parse(states[0]?.state?.S ?? '{}') as { matches: unknown[] }).matches).toHaveLength(4);
  });

  it('has the judge fire an lt correlation once its timespan has passed, once, and never again', async () => {
    // Prepare: "fewer than 2 failed sign-ins of a user in 10 minutes", one failure of carol's
    const rules = ruleFolder({
      'few_failures.yml': [
        'title: Console sign-in failed\nname: failed_login\nlogsource:\n  product: aws\n  service: cloudtrail',
        'detection:\n  selection:\n    eventName: ConsoleLogin\n    responseElements.ConsoleLogin: Failure',
        '  condition: selection\nlevel: low\n---\ntitle: few_failures\nname: few_failures\ncorrelation:',
        '  type: event_count\n  rules: [failed_login]\n  group-by: [userIdentity.userName]\n  timespan: 10m',
        '  condition:\n    lt: 2\nlevel: high\n',
      ].join('\n'),
    });
    const key = await putLogFile(failures('192.0.2.80', [2], 'carol'));
    await stack(moto.endpoint, rules);
    const scheduled = (ms: number) => ({
      version: '0',
      id: `schedule-${ms}`,
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '111122223333',
      time: new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: 'us-east-1',
      resources: ['arn:aws:events:us-east-1:111122223333:rule/trailwatch-dev-JudgeEventsRuleSchedule1'],
      detail: {},
    });
    const windowEnd = Date.parse(at(2)) + 10 * 60_000;
    const fewFailures = () => alertsIn(stdout).filter((a) => a.title === 'few_failures');
    try {
      const ingest = await coldStart('ingest');
      await captured(() => ingest(s3Put(key), context));
      const judge = await coldStart('judge');
      // Act
      await captured(() => judge(scheduled(windowEnd + JUDGE_LATENESS_MS - 60_000), context));
      const early = fewFailures();
      await captured(() => judge(scheduled(windowEnd + JUDGE_LATENESS_MS + 60_000), context));
      const due = fewFailures();
      await captured(() => judge(scheduled(windowEnd + JUDGE_LATENESS_MS + 60_000), context));
      const nextColdStart = await coldStart('judge');
      await captured(() => nextColdStart(scheduled(windowEnd + JUDGE_LATENESS_MS + 6 * 60_000), context));
      const later = fewFailures();
      // Assess
      expect(early).toEqual([]);
      expect(due.map((a) => [a.lifecycle, a.severity, a.count, a.details?.dedupKey])).toEqual([
        ['opened', 'high', 1, 'carol'],
      ]);
      expect(later).toEqual(due);
    } finally {
      await rm(rules, { recursive: true, force: true });
    }
  });

  it('fails the judge invocation when the correlation table cannot be read', async () => {
    // Prepare: every Scan of the correlation table answered as if the table were gone
    const rules = ruleFolder({
      'few_failures.yml': [
        'title: Console sign-in failed\nname: failed_login\nlogsource:\n  product: aws\n  service: cloudtrail',
        'detection:\n  selection:\n    eventName: ConsoleLogin\n    responseElements.ConsoleLogin: Failure',
        '  condition: selection\nlevel: low\n---\ntitle: few_failures\nname: few_failures\ncorrelation:',
        '  type: event_count\n  rules: [failed_login]\n  group-by: [userIdentity.userName]\n  timespan: 10m',
        '  condition:\n    lt: 2\nlevel: high\n',
      ].join('\n'),
    });
    const proxy = await startDynamoDbProxy(moto.endpoint, (call) =>
      call.action === 'Scan'
        ? dynamoDbError(400, 'ResourceNotFoundException', 'Requested resource not found')
        : undefined
    );
    await stack(proxy.endpoint, rules);
    try {
      const judge = await coldStart('judge');
      // Act
      const judging = captured(() =>
        judge({ 'detail-type': 'Scheduled Event', source: 'aws.events', time: at(60) }, context)
      );
      // Assess
      await expect(judging).rejects.toThrow(expect.objectContaining({ name: 'ResourceNotFoundException' }));
      expect(proxy.calls.filter((c) => c.action === 'Scan')).toHaveLength(1);
    } finally {
      await proxy.close();
      await rm(rules, { recursive: true, force: true });
    }
  });
});
