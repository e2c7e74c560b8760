import { PutObjectCommand } from '@aws-sdk/client-s3';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3ObjectStore } from '../../lib/aws/s3.js';
import { memoryCorrelationStore } from '../../lib/incidents/memory-correlation-store.js';
import { memoryIncidentStore } from '../../lib/incidents/memory-store.js';
import type { Alert } from '../../lib/model/alert.js';
import { noMetrics } from '../../lib/model/metrics.js';
import { silentLog } from '../../lib/model/log.js';
import { ingestObject } from '../../lib/pipelines/ingest-object.js';
import { loadRuleSet, RuleEngine } from '../../lib/rules/index.js';
import { at, consoleLogin } from '../helpers/correlation-records.js';
import { type LocalS3, startLocalS3 } from '../helpers/s3rver.js';

const NOW = () => new Date('2026-03-04T06:00:00Z');
const TRAIL = 'trail-bucket';
const RESULTS = 'results-bucket';
const key = (n: number) =>
  `AWSLogs/111122223333/CloudTrail/us-east-1/2026/03/04/111122223333_CloudTrail_us-east-1_20260304T05${String(n).padStart(2, '0')}Z_abcdefABCDEF00${n}.json.gz`;

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3();
  await s3.createBucket(TRAIL);
  await s3.createBucket(RESULTS);
}, 30_000);
afterAll(async () => {
  await s3?.close();
});

const put = async (n: number, minutes: number[]) =>
  s3.client.send(
    new PutObjectCommand({
      Bucket: TRAIL,
      Key: key(n),
      Body: gzipSync(
        JSON.stringify({ Records: minutes.map((m) => consoleLogin(at(m), 'Failure', 'alice', '203.0.113.9')) })
      ),
    })
  );

describe('ingestObject with a correlation store', () => {
  it('opens the threshold incident once when the burst straddles two files, and a retried file sends nothing new', async () => {
    // Prepare
    await put(5, [1, 2, 3]);
    await put(10, [4, 5]);
    const ruleSet = loadRuleSet({});
    const engine = new RuleEngine(ruleSet.rules, { correlations: ruleSet.correlations });
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
      correlations: { correlations: engine.correlations, store: memoryCorrelationStore(undefined, NOW), now: NOW },
    };
    // Act
    await ingestObject({ bucket: TRAIL, key: key(5) }, deps);
    await ingestObject({ bucket: TRAIL, key: key(10) }, deps);
    const afterBoth = sent.length;
    const retried = await ingestObject({ bucket: TRAIL, key: key(10) }, deps);
    // Assess
    const burst = sent.filter((a) => a.ruleId === 'console-login-failure-burst');
    expect(burst.map((a) => [a.lifecycle, a.count])).toEqual([['opened', 5]]);
    expect(sent.length).toBe(afterBoth);
    expect(retried.action === 'summarised' && retried.summary.alerts.map((a) => a.ruleId)).toContain(
      'console-login-failure-burst'
    );
  });
});
