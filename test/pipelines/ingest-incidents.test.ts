import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDynamoDbClient, DYNAMODB_MAX_ATTEMPTS } from '../../lib/aws/clients.js';
import { dynamoIncidentStore } from '../../lib/aws/incident-table.js';
import { DEFAULT_QUIET_MS } from '../../lib/incidents/fold-incident.js';
import { s3ObjectStore } from '../../lib/aws/s3.js';
import type { Alert, AlertSink } from '../../lib/model/alert.js';
import { silentLog } from '../../lib/model/log.js';
import { noMetrics } from '../../lib/model/metrics.js';
import type { CloudTrailRecord } from '../../lib/model/record.js';
import type { FileSummary } from '../../lib/model/summary.js';
import { ingestEvent } from '../../lib/pipelines/ingest-event.js';
import type { IngestDeps, IngestOutcome } from '../../lib/pipelines/ingest-object.js';
import { compiledBuiltinRules, RuleEngine } from '../../lib/rules/index.js';
import { envelopes, s3Put, SAMPLE_BUCKET } from '../../tools/sample/envelopes.js';
import { encodeLogFile, logFileKey } from '../../tools/sample/generate-trail.js';
import { dynamoDbError, startDynamoDbProxy } from '../helpers/dynamodb-proxy.js';
import { loadEvent } from '../helpers/events.js';
import { createIncidentTable } from '../helpers/incident-table.js';
import { type MotoServer, motoServerPath } from '../helpers/moto-server.js';
import { record } from '../rules/helpers.js';
import { type LocalS3, startLocalS3 } from '../helpers/s3rver.js';
import { type S3AndDynamo, startS3AndDynamo } from '../helpers/s3-and-dynamo.js';

const motoMissing = motoServerPath() === undefined;
if (motoMissing) process.stderr.write('skipping ingest into the incident table: moto_server is not on PATH\n');

const RESULTS = 'results-bucket';
const context = { awsRequestId: 'test-request', functionName: 'ingest' } as Context;
const START = Date.parse('2026-01-02T03:00:00Z');
const now = () => new Date(START + 3_600_000);
const engine = new RuleEngine(compiledBuiltinRules().filter((r) => r.meta.id === 'cloudtrail-logging-stopped'));

/** `count` StopLogging calls by the same IAM user, one second apart from `second`. */
const stopLogging = (count: number, second: number): CloudTrailRecord[] =>
  Array.from({ length: count }, (_, i) =>
    record(
      {
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StopLogging',
        eventTime: new Date(START + (second + i) * 1000).toISOString().replace('.000', ''),
        requestParameters: { name: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events' },
      },
      `stop-${second + i}`
    )
  );

describe.skipIf(motoMissing)('ingest folding detections into the DynamoDB incident table', () => {
  let s3: LocalS3;
  let moto: MotoServer;
  let dynamo: DynamoDBClient;
  let files = 0;

  let servers: S3AndDynamo | undefined;
  beforeAll(async () => {
    servers = await startS3AndDynamo([SAMPLE_BUCKET, RESULTS]);
    ({ s3, moto, dynamo } = servers);
  });
  afterAll(() => servers?.close());

  /** Puts a log file of the records in the trail bucket and returns its key. */
  const putLogFile = async (records: CloudTrailRecord[]): Promise<string> => {
    const key = logFileKey(
      '111122223333',
      'us-east-1',
      new Date(START + 600_000),
      `FILE${String(++files).padStart(12, '0')}`
    );
    await s3.client.send(new PutObjectCommand({ Bucket: SAMPLE_BUCKET, Key: key, Body: encodeLogFile(records) }));
    return key;
  };

  const readSummary = async (key: string): Promise<FileSummary> => {
    const got = await s3.client.send(new GetObjectCommand({ Bucket: RESULTS, Key: key }));
    return JSON.parse((await got.Body?.transformToString()) ?? '');
  };

  const depsWith = (incidentClient: DynamoDBClient, table: string, sent: Alert[]): IngestDeps => ({
    store: s3ObjectStore(s3.client),
    resultsBucket: RESULTS,
    detector: engine.detector,
    sink: { send: async (alerts) => void sent.push(...alerts) } satisfies AlertSink,
    log: silentLog,
    metrics: noMetrics,
    now,
    incidents: dynamoIncidentStore(incidentClient, table, now),
  });

  it('notifies once when files of one cause open an incident, then once more when its count crosses 10', async () => {
    // Prepare
    const sent: Alert[] = [];
    const deps = depsWith(dynamo, await createIncidentTable(dynamo), sent);
    const ingest = async (records: CloudTrailRecord[]) => {
      const [outcome] = (await ingestEvent(s3Put(await putLogFile(records)), deps, context)) as IngestOutcome[];
      return outcome as Extract<IngestOutcome, { action: 'summarised' }>;
    };
    // Act
    const first = await ingest(stopLogging(3, 0));
    const afterFirst = [...sent];
    const second = await ingest(stopLogging(4, 10));
    const afterSecond = [...sent];
    const third = await ingest(stopLogging(5, 20));
    // Assess
    expect(afterFirst).toEqual([
      expect.objectContaining({ ruleId: 'cloudtrail-logging-stopped', lifecycle: 'opened', count: 3, escalation: 0 }),
    ]);
    expect(afterSecond).toEqual(afterFirst);
    expect(sent.slice(1)).toEqual([expect.objectContaining({ lifecycle: 'escalated', escalation: 10, count: 12 })]);
    const incidentId = afterFirst[0]?.incidentId;
    expect(incidentId).toMatch(/^[0-9a-f]{32}$/);
    expect(sent.map((n) => n.incidentId)).toEqual([incidentId, incidentId]);
    for (const outcome of [first, second, third]) {
      const summary = await readSummary(outcome.summaryKey);
      expect(summary.alerts).toHaveLength(1);
      expect(summary.alerts.map((a) => a.incidentId)).toEqual([incidentId]);
    }
  });

  it('reports the file as a batch item failure when DynamoDB keeps throttling, after the SDK retried', async () => {
    // Prepare
    const table = await createIncidentTable(dynamo);
    const proxy = await startDynamoDbProxy(moto.endpoint, (call) =>
      call.action === 'TransactWriteItems'
        ? dynamoDbError(
            400,
            'ProvisionedThroughputExceededException',
            'The level of configured provisioned throughput for the table was exceeded.'
          )
        : undefined
    );
    const throttled = createDynamoDbClient('us-east-1', { AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint });
    const sent: Alert[] = [];
    const quiet = await putLogFile([record({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'DescribeTrails' })]);
    const detected = await putLogFile(stopLogging(2, 40));
    const sqsRecord = (key: string, messageId: string) => ({
      ...(envelopes(key, [key])['sqs-s3-put-log'] as { Records: Array<Record<string, unknown>> }).Records[0],
      messageId,
    });
    const event = { Records: [sqsRecord(quiet, 'quiet-file'), sqsRecord(detected, 'detected-file')] };
    try {
      // Act
      const response = await ingestEvent(event, depsWith(throttled, table, sent), context);
      // Assess
      expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'detected-file' }] });
      expect(proxy.calls.filter((c) => c.action === 'TransactWriteItems')).toHaveLength(DYNAMODB_MAX_ATTEMPTS);
      expect(sent).toEqual([]);
    } finally {
      throttled.destroy();
      await proxy.close();
    }
  });

  it('folds into the table INCIDENT_TABLE names when run through the deployed handler module', async () => {
    // Prepare
    const table = await createIncidentTable(dynamo);
    const key = await putLogFile(stopLogging(2, 50));
    vi.stubEnv('AWS_ENDPOINT_URL_S3', s3.endpoint);
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', moto.endpoint);
    vi.stubEnv('RESULTS_BUCKET', RESULTS);
    vi.stubEnv('INCIDENT_TABLE', table);
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    vi.resetModules();
    const writes = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const { handler } = await import('../../functions/ingest.js');
      // Act
      const [outcome] = (await handler(s3Put(key), context)) as Array<{ summaryKey: string }>;
      // Assess
      const summary = await readSummary(outcome?.summaryKey ?? '');
      const incidentId = summary.alerts.find((a) => a.ruleId === 'cloudtrail-logging-stopped')?.incidentId;
      const { Items = [] } = await dynamo.send(new ScanCommand({ TableName: table }));
      const incident = Items.find((i) => i.incidentId?.S === incidentId && !i.pk?.S?.startsWith('source#'));
      expect(incidentId).toMatch(/^[0-9a-f]{32}$/);
      expect(incident).toMatchObject({ ruleId: { S: 'cloudtrail-logging-stopped' }, count: { N: '2' } });
    } finally {
      writes.mockRestore();
      vi.unstubAllEnvs();
    }
  });

  it('opens the incident without counting, with the rule’s own quiet period, when the realtime handler runs with INCIDENT_TABLE', async () => {
    // Prepare
    const table = await createIncidentTable(dynamo);
    const rules = await mkdtemp(join(tmpdir(), 'trailwatch-quiet-rule-'));
    await writeFile(
      join(rules, 'trail-stopped-quietly.yml'),
      'id: trail-stopped-quietly\ntitle: Trail stopped\nseverity: high\neventSource: cloudtrail.amazonaws.com\neventName: StopLogging\nquiet: 2h\n'
    );
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', moto.endpoint);
    vi.stubEnv('INCIDENT_TABLE', table);
    vi.stubEnv('TRAILWATCH_RULES_DIRS', rules);
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    vi.resetModules();
    const writes = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const { handler } = await import('../../functions/realtime.js');
      // Act
      await handler(await loadEvent('eventbridge-cloudtrail-stop-logging'), context);
      // Assess
      const { Items = [] } = await dynamo.send(new ScanCommand({ TableName: table }));
      const byRule = (id: string) => Items.find((i) => i.ruleId?.S === id);
      expect(byRule('cloudtrail-logging-stopped')).toMatchObject({
        count: { N: '0' },
        quietMs: { N: String(DEFAULT_QUIET_MS) },
      });
      expect(byRule('trail-stopped-quietly')).toMatchObject({
        count: { N: '0' },
        quietMs: { N: String(2 * 3600_000) },
      });
    } finally {
      writes.mockRestore();
      vi.unstubAllEnvs();
      await rm(rules, { recursive: true, force: true });
    }
  });

  it('folds a CloudWatch Logs batch into the table, with the rule’s own quiet period, when the logs handler runs with INCIDENT_TABLE', async () => {
    // Prepare
    const table = await createIncidentTable(dynamo);
    const rules = await mkdtemp(join(tmpdir(), 'trailwatch-quiet-rule-'));
    await writeFile(
      join(rules, 'trail-stopped-quietly.yml'),
      'id: trail-stopped-quietly\ntitle: Trail stopped\nseverity: high\neventSource: cloudtrail.amazonaws.com\neventName: StopLogging\nquiet: 2h\n'
    );
    vi.stubEnv('TRAILWATCH_RULES_DIRS', rules);
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', moto.endpoint);
    vi.stubEnv('INCIDENT_TABLE', table);
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    vi.resetModules();
    const writes = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const { handler } = await import('../../functions/logs.js');
      // Act
      await handler(await loadEvent('cloudwatch-logs-subscription'), context);
      // Assess
      const { Items = [] } = await dynamo.send(new ScanCommand({ TableName: table }));
      const incident = Items.find((i) => i.ruleId?.S === 'cloudtrail-logging-stopped');
      expect(incident).toMatchObject({ count: { N: '1' }, version: { N: '1' } });
      const quiet = Items.find((i) => i.ruleId?.S === 'trail-stopped-quietly');
      expect(quiet).toMatchObject({ count: { N: '1' }, quietMs: { N: String(2 * 3600_000) } });
    } finally {
      writes.mockRestore();
      vi.unstubAllEnvs();
      await rm(rules, { recursive: true, force: true });
    }
  });
});

describe('ingest without a table, with INCIDENT_STATE_FILE (local runs)', () => {
  let s3: LocalS3;
  let folder: string;
  beforeAll(async () => {
    s3 = await startLocalS3();
    await s3.createBucket(SAMPLE_BUCKET);
    await s3.createBucket(RESULTS);
    folder = await mkdtemp(join(tmpdir(), 'trailwatch-incident-state-'));
  });
  afterAll(async () => {
    await s3?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('keeps the incidents in the state file between invocations of the deployed handler module', async () => {
    // Prepare
    const stateFile = join(folder, 'incidents.json');
    const keys: string[] = [];
    for (const [n, second] of [
      [3, 0],
      [4, 10],
    ] as const) {
      const key = logFileKey('111122223333', 'us-east-1', new Date(START + 600_000), `LOCAL${n}${second}0000000000`);
      await s3.client.send(
        new PutObjectCommand({ Bucket: SAMPLE_BUCKET, Key: key, Body: encodeLogFile(stopLogging(n, second)) })
      );
      keys.push(key);
    }
    vi.stubEnv('AWS_ENDPOINT_URL_S3', s3.endpoint);
    vi.stubEnv('RESULTS_BUCKET', RESULTS);
    vi.stubEnv('INCIDENT_TABLE', '');
    vi.stubEnv('INCIDENT_STATE_FILE', stateFile);
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    const writes = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      // Act: two cold starts, one file each
      for (const key of keys) {
        vi.resetModules();
        const { handler } = await import('../../functions/ingest.js');
        await handler(s3Put(key), context);
      }
      // Assess
      const state = JSON.parse(await readFile(stateFile, 'utf8')) as {
        incidents: Record<string, { ruleId: string; count: number }>;
      };
      const incident = Object.values(state.incidents).find((i) => i.ruleId === 'cloudtrail-logging-stopped');
      expect(incident?.count).toBe(7);
    } finally {
      writes.mockRestore();
      vi.unstubAllEnvs();
    }
  });
});
