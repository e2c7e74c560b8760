import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoBaselineStore } from '../../lib/aws/baseline-table.js';
import { s3ObjectStore } from '../../lib/aws/s3.js';
import { memoryIncidentStore } from '../../lib/incidents/memory-store.js';
import type { Alert } from '../../lib/model/alert.js';
import { noMetrics } from '../../lib/model/metrics.js';
import { silentLog } from '../../lib/model/log.js';
import type { CloudTrailRecord } from '../../lib/model/record.js';
import { ingestObject } from '../../lib/pipelines/ingest-object.js';
import { loadRuleSet, RuleEngine } from '../../lib/rules/index.js';
import { createUser, day, putKeyPolicy } from '../helpers/first-seen-records.js';
import { createIncidentTable } from '../helpers/incident-table.js';
import type { LocalS3 } from '../helpers/s3rver.js';
import { type S3AndDynamo, startS3AndDynamo } from '../helpers/s3-and-dynamo.js';

const NOW = () => new Date('2026-03-20T00:00:00Z');
const TRAIL = 'trail-bucket';
const RESULTS = 'results-bucket';
const key = (n: number) =>
  `AWSLogs/111122223333/CloudTrail/us-east-1/2026/03/0${n}/111122223333_CloudTrail_us-east-1_2026030${n}T0000Z_firstSeenKey0000${n}.json.gz`;

let s3: LocalS3;
let dynamo: DynamoDBClient;
let servers: S3AndDynamo | undefined;
beforeAll(async () => {
  servers = await startS3AndDynamo([TRAIL, RESULTS]);
  ({ s3, dynamo } = servers);
}, 30_000);
afterAll(() => servers?.close());

const put = (n: number, records: CloudTrailRecord[]) =>
  s3.client.send(
    new PutObjectCommand({ Bucket: TRAIL, Key: key(n), Body: gzipSync(JSON.stringify({ Records: records })) })
  );

describe('ingestObject with first-seen baselines on DynamoDB', () => {
  it('learns in the first week, then opens one incident for a new key; a retried file sends nothing new', async () => {
    // Prepare
    await put(1, [createUser(day(0), 'alice')]);
    await put(9, [createUser(day(8), 'alice'), putKeyPolicy(day(8, 1), 'alice')]);
    const engine = new RuleEngine(loadRuleSet({}).rules);
    const sent: Alert[] = [];
    const deps = {
      store: s3ObjectStore(s3.client),
      resultsBucket: RESULTS,
      detector: engine.detector,
      sink: { send: async (alerts: readonly Alert[]) => void sent.push(...alerts) },
      log: silentLog,
      metrics: noMetrics,
      now: NOW,
      incidents: memoryIncidentStore(undefined, NOW),
      firstSeen: {
        store: dynamoBaselineStore(dynamo, await createIncidentTable(dynamo), NOW),
        learningMs: 7 * 86_400_000,
        now: NOW,
      },
    };
    // Act
    await ingestObject({ bucket: TRAIL, key: key(1) }, deps);
    const afterLearning = sent.filter((a) => a.ruleId === 'first-sensitive-api-call-by-principal').length;
    const outcome = await ingestObject({ bucket: TRAIL, key: key(9) }, deps);
    const afterBoth = sent.length;
    const retried = await ingestObject({ bucket: TRAIL, key: key(9) }, deps);
    // Assess
    const opened = sent.filter((a) => a.ruleId === 'first-sensitive-api-call-by-principal');
    expect(afterLearning).toBe(0);
    expect(opened.map((a) => [a.lifecycle, a.eventName, a.s3Key])).toEqual([['opened', 'PutKeyPolicy', key(9)]]);
    expect(sent.length).toBe(afterBoth);
    const summaryAlert = (o: typeof outcome) =>
      o.action === 'summarised' ? o.summary.alerts.filter((a) => a.ruleId === opened[0]?.ruleId).map((a) => a.id) : [];
    expect(summaryAlert(retried)).toEqual(summaryAlert(outcome));
  });
});
