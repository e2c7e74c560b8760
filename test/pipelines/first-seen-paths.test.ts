import { gzipSync } from 'node:zlib';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoBaselineStore } from '../../lib/aws/baseline-table.js';
import { s3ObjectStore } from '../../lib/aws/s3.js';
import type { Alert } from '../../lib/model/alert.js';
import type { FirstSeenDeps } from '../../lib/model/baseline.js';
import { silentLog } from '../../lib/model/log.js';
import { noMetrics } from '../../lib/model/metrics.js';
import type { CloudTrailRecord } from '../../lib/model/record.js';
import { ingestObject } from '../../lib/pipelines/ingest-object.js';
import { evaluateLogsBatch } from '../../lib/pipelines/logs.js';
import { evaluateEventBridgeRecord } from '../../lib/pipelines/realtime.js';
import { loadRuleSet, RuleEngine } from '../../lib/rules/index.js';
import { createUser, day, putKeyPolicy } from '../helpers/first-seen-records.js';
import { createIncidentTable } from '../helpers/incident-table.js';
import type { LocalS3 } from '../helpers/s3rver.js';
import { type S3AndDynamo, startS3AndDynamo } from '../helpers/s3-and-dynamo.js';
import { logsBatchOf } from '../helpers/logs-subscription.js';

/*
 * The realtime (EventBridge), CloudWatch Logs and S3 paths judge first-seen keys against one
 * baseline table on moto's DynamoDB. Each path gets its own judge (its own Lambda container), so
 * only the table's conditional write keeps a key from alerting twice.
 */

const NOW = () => new Date('2026-03-20T00:00:00Z');
const RULE = 'first-sensitive-api-call-by-principal';
const TRAIL = 'trail-bucket';
const RESULTS = 'results-bucket';
const LEARNING_MS = 7 * 86_400_000;
const engine = new RuleEngine(loadRuleSet({}).rules);

let s3: LocalS3;
let dynamo: DynamoDBClient;
let servers: S3AndDynamo | undefined;
beforeAll(async () => {
  servers = await startS3AndDynamo([TRAIL, RESULTS]);
  ({ s3, dynamo } = servers);
}, 30_000);
afterAll(() => servers?.close());

/** The EventBridge event CloudTrail sends for an API call record. */
const eventOf = (record: CloudTrailRecord) => ({
  version: '0',
  id: `event-${record.eventID}`,
  'detail-type': 'AWS API Call via CloudTrail',
  source: `aws.${(record.eventSource ?? '').split('.')[0]}`,
  account: '111122223333',
  time: record.eventTime,
  region: 'us-east-1',
  resources: [],
  detail: record,
});

/** One baseline table; each call of `container()` is a new process's view of it (its own judge). */
const baselines = async () => {
  const table = await createIncidentTable(dynamo);
  const container = (): FirstSeenDeps => ({
    store: dynamoBaselineStore(dynamo, table, NOW),
    learningMs: LEARNING_MS,
    now: NOW,
  });
  return { container };
};

/** A sink that keeps what it is sent. */
const keeping = () => {
  const sent: Alert[] = [];
  return { sent, sink: { send: async (alerts: readonly Alert[]) => void sent.push(...alerts) } };
};

const firstSeenIn = (alerts: readonly Alert[]) =>
  alerts.filter((a) => a.ruleId === RULE).map((a) => [a.eventName, a.details?.firstSeen]);

describe('first-seen rules on the realtime, logs and S3 paths (one baseline table on moto)', () => {
  it('learns on the realtime path, alerts a new key there once, and the log file bringing the same call later alerts nothing', async () => {
    // Prepare
    const { container } = await baselines();
    const realtime = { engine, ...keeping(), log: silentLog, metrics: noMetrics, now: NOW, firstSeen: container() };
    const learnt = createUser(day(0), 'alice');
    const fresh = putKeyPolicy(day(8), 'alice');
    const key =
      'AWSLogs/111122223333/CloudTrail/us-east-1/2026/03/09/111122223333_CloudTrail_us-east-1_20260309T0000Z_realtimeFirst001.json.gz';
    await s3.client.send(
      new PutObjectCommand({ Bucket: TRAIL, Key: key, Body: gzipSync(JSON.stringify({ Records: [fresh] })) })
    );
    const ingest = {
      store: s3ObjectStore(s3.client),
      resultsBucket: RESULTS,
      detector: engine.detector,
      ...keeping(),
      log: silentLog,
      metrics: noMetrics,
      now: NOW,
      firstSeen: container(),
    };
    // Act
    await evaluateEventBridgeRecord(eventOf(learnt), realtime);
    const whileLearning = firstSeenIn(realtime.sent);
    await evaluateEventBridgeRecord(eventOf(fresh), realtime);
    await ingestObject({ bucket: TRAIL, key }, ingest);
    // Assess
    expect(whileLearning).toEqual([]);
    expect(firstSeenIn(realtime.sent)).toEqual([
      [
        'PutKeyPolicy',
        {
          entity: 'arn:aws:iam::111122223333:user/alice',
          key: 'kms:PutKeyPolicy',
          at: fresh.eventTime?.replace('Z', '.000Z'),
          learningEnded: '2026-03-08T00:00:00.000Z',
        },
      ],
    ]);
    expect(firstSeenIn(ingest.sent)).toEqual([]);
  });

  it('alerts a new key on the logs path once; the realtime event of the same call, late, alerts nothing', async () => {
    // Prepare
    const { container } = await baselines();
    const logs = {
      detectorFor: engine.detector,
      ...keeping(),
      log: silentLog,
      metrics: noMetrics,
      now: NOW,
      firstSeen: container(),
    };
    const realtime = { engine, ...keeping(), log: silentLog, metrics: noMetrics, now: NOW, firstSeen: container() };
    const fresh = createUser(day(9), 'bob');
    // Act
    await evaluateLogsBatch(logsBatchOf([createUser(day(0), 'carol')]), logs);
    await evaluateLogsBatch(logsBatchOf([fresh]), logs);
    await evaluateEventBridgeRecord(eventOf(fresh), realtime);
    // Assess
    expect(firstSeenIn(logs.sent).map(([name]) => name)).toEqual(['CreateUser']);
    expect(firstSeenIn(realtime.sent)).toEqual([]);
  });

  it('sends the same alert id again when a realtime event is retried after its claim went through', async () => {
    // Prepare
    const { container } = await baselines();
    const first = { engine, ...keeping(), log: silentLog, metrics: noMetrics, now: NOW, firstSeen: container() };
    const retry = { engine, ...keeping(), log: silentLog, metrics: noMetrics, now: NOW, firstSeen: container() };
    await evaluateEventBridgeRecord(eventOf(createUser(day(0), 'dave')), first);
    const fresh = putKeyPolicy(day(10), 'dave');
    // Act
    await evaluateEventBridgeRecord(eventOf(fresh), first);
    await evaluateEventBridgeRecord(eventOf(fresh), retry);
    // Assess
    const ids = (alerts: readonly Alert[]) => alerts.filter((a) => a.ruleId === RULE).map((a) => a.id);
    expect(ids(first.sent)).toHaveLength(1);
    expect(ids(retry.sent)).toEqual(ids(first.sent));
  });
});
