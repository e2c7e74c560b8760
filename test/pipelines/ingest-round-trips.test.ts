import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbClient } from '../../lib/aws/clients.js';
import { dynamoCorrelationStore } from '../../lib/aws/correlation-table.js';
import { dynamoIncidentStore } from '../../lib/aws/incident-table.js';
import { s3ObjectStore } from '../../lib/aws/s3.js';
import type { Alert } from '../../lib/model/alert.js';
import type { CloudTrailRecord } from '../../lib/model/record.js';
import { noMetrics } from '../../lib/model/metrics.js';
import { silentLog } from '../../lib/model/log.js';
import { type IngestDeps, ingestObject } from '../../lib/pipelines/ingest-object.js';
import { loadRuleSet, RuleEngine } from '../../lib/rules/index.js';
import { at, consoleLogin, createAccessKey } from '../helpers/correlation-records.js';
import { createIncidentTable } from '../helpers/incident-table.js';
import { type MotoServer, motoServerPath, startMoto } from '../helpers/moto-server.js';
import { type LocalS3, startLocalS3 } from '../helpers/s3rver.js';

const motoMissing = motoServerPath() === undefined;
if (motoMissing) process.stderr.write('skipping the store round-trip tests: moto_server is not on PATH\n');

const NOW = () => new Date('2026-03-04T06:00:00Z');
const TRAIL = 'trail-bucket';
const RESULTS = 'results-bucket';
const KEY =
  'AWSLogs/111122223333/CloudTrail/us-east-1/2026/03/04/111122223333_CloudTrail_us-east-1_20260304T0510Z_roundTrips0001.json.gz';

let s3: LocalS3;
let moto: MotoServer | undefined;
let client: DynamoDBClient;
/** Every DynamoDB request the client sends (each attempt), by operation. */
const requests: string[] = [];
beforeAll(async () => {
  s3 = await startLocalS3();
  await s3.createBucket(TRAIL);
  await s3.createBucket(RESULTS);
  if (motoMissing) return;
  moto = await startMoto();
  client = createDynamoDbClient('us-east-1', { AWS_ENDPOINT_URL_DYNAMODB: moto.endpoint });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      requests.push(context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'deserialize', name: 'roundTripCounter' }
  );
}, 30_000);
afterAll(async () => {
  client?.destroy();
  await moto?.close();
  await s3?.close();
});

/** One file: sign-in failures of three users (three threshold states, none firing) and two access keys created by two admins (two incidents). */
const records = (): CloudTrailRecord[] => [
  ...['alice', 'bob', 'carol'].flatMap((user) => [1, 2].map((m) => consoleLogin(at(m), 'Failure', user))),
  createAccessKey(at(3), 'dave', 'admin-1'),
  createAccessKey(at(4), 'erin', 'admin-2'),
];

describe.skipIf(motoMissing)('ingestObject on the DynamoDB tables', () => {
  it('reads a file’s states and incidents in one request and writes each table once', async () => {
    // Prepare: the incident and correlation tables of the stack, as on Lambda
    await s3.client.send(
      new PutObjectCommand({ Bucket: TRAIL, Key: KEY, Body: gzipSync(JSON.stringify({ Records: records() })) })
    );
    const ruleSet = loadRuleSet({});
    const engine = new RuleEngine(ruleSet.rules, { correlations: ruleSet.correlations });
    const incidents = dynamoIncidentStore(client, await createIncidentTable(client, 'incidents'), NOW);
    const states = dynamoCorrelationStore(client, await createIncidentTable(client, 'correlations'), NOW);
    const sent: Alert[] = [];
    const deps: IngestDeps = {
      store: s3ObjectStore(s3.client),
      resultsBucket: RESULTS,
      detector: engine.detector,
      sink: { send: async (alerts) => void sent.push(...alerts) },
      log: silentLog,
      metrics: noMetrics,
      now: NOW,
      incidents,
      correlations: { correlations: engine.correlations, store: states, now: NOW },
    };
    requests.length = 0;
    // Act
    const first = await ingestObject({ bucket: TRAIL, key: KEY }, deps);
    const firstRequests = [...requests];
    const opened = sent.length;
    const retried = await ingestObject({ bucket: TRAIL, key: KEY }, deps);
    // Assess
    const incidentIds = first.action === 'summarised' ? new Set(first.summary.alerts.map((a) => a.incidentId)) : [];
    expect([...incidentIds].length).toBeGreaterThanOrEqual(2);
    expect(firstRequests.filter((r) => r !== 'UpdateItemCommand')).toEqual([
      'BatchGetItemCommand',
      'TransactWriteItemsCommand',
      'TransactWriteItemsCommand',
    ]);
    // Then one UpdateItem per incident notified, marking its steps sent.
    expect(firstRequests.filter((r) => r === 'UpdateItemCommand')).toHaveLength(
      new Set(sent.map((a) => a.incidentId)).size
    );
    expect(sent.length).toBe(opened);
    expect(retried).toEqual(first);
  });
});
