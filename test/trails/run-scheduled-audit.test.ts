import { readFile } from 'node:fs/promises';
import { StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alert, AlertSink } from '../../lib/model/alert.js';
import { s3ObjectStore } from '../../lib/aws/s3.js';
import { fetchTrailSnapshot } from '../../lib/aws/trail-snapshot.js';
import { createTrailSnapshotClients, type TrailSnapshotClients } from '../../lib/aws/cloudtrail-clients.js';
import { silentLog } from '../../lib/model/log.js';
import { LATEST_KEY, runScheduledAudit, type StoredAudit } from '../../lib/pipelines/audit.js';
import { type LocalS3, startLocalS3 } from '../helpers/s3rver.js';
import { motoClients, setUpGoodAccount } from './moto-scenarios.js';
import { hasMotoServer, MOTO_SKIP_REASON, type MotoServer, startMotoServer } from './moto-server.js';

const motoAbsent = !hasMotoServer();
if (motoAbsent) console.warn(MOTO_SKIP_REASON);

/** A sink that keeps what it is given (or fails, to test the retry path). */
const memorySink = () => {
  const sent: Alert[][] = [];
  let failing = false;
  const sink: AlertSink = {
    send: async (alerts) => {
      if (failing) throw new Error('sns publish failed');
      sent.push([...alerts]);
    },
  };
  return { sink, sent, fail: (on: boolean) => (failing = on) };
};

describe.skipIf(motoAbsent)('runScheduledAudit (moto for the account, s3rver for the results bucket)', () => {
  let moto: MotoServer;
  let results: LocalS3;
  let snapshotClients: TrailSnapshotClients;
  beforeAll(async () => {
    [moto, results] = await Promise.all([startMotoServer(), startLocalS3()]);
    snapshotClients = createTrailSnapshotClients({ AWS_ENDPOINT_URL: moto.endpoint });
  });
  afterAll(async () => {
    snapshotClients?.destroy();
    await Promise.all([moto?.close(), results?.close()]);
  });
  let bucket: string;
  let n = 0;
  beforeEach(async () => {
    await moto.reset();
    bucket = `results-${++n}`;
    await results.createBucket(bucket);
    await setUpGoodAccount(moto.endpoint);
  });

  const readLatest = async (): Promise<StoredAudit> => {
    const out = await results.client.send(new GetObjectCommand({ Bucket: bucket, Key: LATEST_KEY }));
    return JSON.parse(await (out.Body?.transformToString() ?? Promise.resolve('{}')));
  };
  const runOnce = (sink: AlertSink, at: string) =>
    runScheduledAudit({
      store: s3ObjectStore(results.client),
      resultsBucket: bucket,
      fetchSnapshot: () =>
        fetchTrailSnapshot({
          regions: ['us-east-1'],
          clients: snapshotClients,
          log: silentLog,
          now: () => new Date(at),
        }),
      watchedBuckets: ['good-trail-bucket'],
      sink,
      log: silentLog,
    });

  it('writes the report and alerts each finding once, then only what changed', async () => {
    // Prepare
    const { sink, sent } = memorySink();
    // Act
    const first = await runOnce(sink, '2026-03-01T06:00:00Z');
    const second = await runOnce(sink, '2026-03-02T06:00:00Z');
    await motoClients(moto.endpoint).cloudTrail.send(new StopLoggingCommand({ Name: 'good-trail' }));
    const third = await runOnce(sink, '2026-03-03T06:00:00Z');
    // Assess
    expect(first.alerts).toBe(first.report.findings.filter((f) => f.status === 'fail').length);
    expect(second.alerts).toBe(0);
    expect(sent[1]?.map((a) => a.ruleId).sort()).toEqual(
      expect.arrayContaining(['trail-not-logging', 'management-events-region-gap', 'global-service-events-missing'])
    );
    expect(sent[1]?.every((a) => a.category === 'configuration' && a.details?.change === 'new')).toBe(true);
    const latest = await readLatest();
    expect(latest.takenAt).toBe('2026-03-03T06:00:00.000Z');
    expect(latest.firstSeen['bucket-mfa-delete-off s3://good-trail-bucket']).toBe('2026-03-01T06:00:00.000Z');
    expect(third.report.findings.some((f) => f.id === 'trail-not-logging')).toBe(true);
    const listed = await results.client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: 'trails/audit/2026/03/' })
    );
    expect(listed.Contents?.map((o) => o.Key)).toHaveLength(3);
  });

  it('keeps the previous latest.json when sending fails, so the next run sends the same alert ids', async () => {
    // Prepare
    const { sink, sent, fail } = memorySink();
    fail(true);
    // Act
    const failed = runOnce(sink, '2026-03-01T06:00:00Z');
    await expect(failed).rejects.toThrow('sns publish failed');
    fail(false);
    await runOnce(sink, '2026-03-01T07:00:00Z');
    await runOnce(sink, '2026-03-01T08:00:00Z');
    // Assess
    expect(sent).toHaveLength(1);
    expect(sent[0]?.length).toBeGreaterThan(0);
  });
});

describe.skipIf(motoAbsent)('functions/audit handler', () => {
  let moto: MotoServer;
  const saved = { ...process.env };
  beforeAll(async () => {
    moto = await startMotoServer();
    await setUpGoodAccount(moto.endpoint);
    await motoClients(moto.endpoint).s3.send(new CreateBucketCommand({ Bucket: 'trailwatch-results' }));
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: moto.endpoint,
      RESULTS_BUCKET: 'trailwatch-results',
      AUDIT_REGIONS: 'us-east-1',
      TRAIL_BUCKETS: 'good-trail-bucket,forgotten-bucket',
    });
  });
  afterAll(async () => {
    for (const key of ['AWS_ENDPOINT_URL', 'RESULTS_BUCKET', 'AUDIT_REGIONS', 'TRAIL_BUCKETS']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    await moto?.close();
  });
  afterEach(() => vi.restoreAllMocks());

  it('refuses a trail-change event put on the bus with a custom source: no audit, no report, no alert', async () => {
    // Prepare
    const forged = { ...JSON.parse(await readFile('events/audit-trail-change.json', 'utf8')), source: 'my.app' };
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const { handler } = await import('../../functions/audit.js');
    // Act
    const invoking = handler(forged, { functionName: 'audit', awsRequestId: 'req-0' } as Context);
    // Assess
    await expect(invoking).rejects.toMatchObject({ name: 'ForgedEventError', source: 'my.app' });
    expect(lines.filter((l) => l.startsWith('{"id":'))).toEqual([]);
    const stored = await motoClients(moto.endpoint).s3.send(
      new ListObjectsV2Command({ Bucket: 'trailwatch-results', Prefix: 'trails/' })
    );
    expect(stored.KeyCount ?? 0).toBe(0);
  });

  it('audits on a trail-change event, stores the report and prints the alerts', async () => {
    // Prepare
    const event = JSON.parse(await readFile('events/audit-trail-change.json', 'utf8'));
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const { handler } = await import('../../functions/audit.js');
    // Act
    await handler(event, { functionName: 'audit', awsRequestId: 'req-1' } as Context);
    // Assess
    const alerts = lines.filter((l) => l.startsWith('{"id":"trails-')).map((l) => JSON.parse(l) as Alert);
    expect(alerts.map((a) => a.ruleId)).toContain('watched-bucket-orphaned');
    const stored = await motoClients(moto.endpoint).s3.send(
      new GetObjectCommand({ Bucket: 'trailwatch-results', Key: LATEST_KEY })
    );
    const report = JSON.parse((await stored.Body?.transformToString()) ?? '{}') as StoredAudit;
    expect(report.regions).toEqual(['us-east-1']);
    expect(report.findings.find((f) => f.id === 'watched-bucket-orphaned')?.resource).toBe('s3://forgotten-bucket');
  });
});
