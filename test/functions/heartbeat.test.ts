import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { s3DigestStore } from '../../lib/aws/digest-store.js';
import { s3ObjectStore } from '../../lib/aws/s3.js';
import { cloudTrailStatusSource } from '../../lib/aws/trail-status.js';
import type { Alert } from '../../lib/model/alert.js';
import { silentLog } from '../../lib/model/log.js';
import { type HeartbeatDeps, runHeartbeat } from '../../lib/pipelines/heartbeat.js';
import { type CloudTrailStub, startCloudTrailStub } from '../helpers/cloudtrail-stub.js';
import { ChainBuilder, makeSigningKey, VectorWorld } from '../helpers/digest-vectors.js';
import { type LocalS3, startLocalS3 } from '../helpers/s3rver.js';
import { captureStdout } from '../helpers/emf.js';

const TRAIL_BUCKET = 'tw-heartbeat-trail';
const RESULTS_BUCKET = 'tw-heartbeat-results';
const context = { functionName: 'heartbeat', awsRequestId: 'req-2' } as unknown as Context;
const hour = 3_600_000;
/** The flow's clock in the flow tests; the SDK keeps the real one, which s3rver checks. */
const NOW = new Date('2026-03-10T12:20:00Z');
const at =
  (ms: number): (() => Date) =>
  () =>
    new Date(NOW.getTime() + ms);
const ACCOUNT = '111122223333';
const MAIN_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;

let s3: LocalS3;
let stub: CloudTrailStub;
let handler: (event: unknown, context: Context) => Promise<void>;
const now = Date.now();

beforeAll(async () => {
  // Prepare: three streams. us-east-1 delivered 20 minutes ago; eu-west-1 went quiet 3 hours ago
  // (its newest digests deleted, or logging stopped); an organization member's stream is silent too.
  const world = new VectorWorld();
  const key = makeSigningKey(new Date(now - 30 * 24 * hour), new Date(now + 30 * 24 * hour));
  const base = { accountId: '111122223333', name: 'main', homeRegion: 'us-east-1', bucket: TRAIL_BUCKET, signer: key };
  new ChainBuilder(world, { ...base, sourceRegion: 'us-east-1', prefix: 'ct' }).hourly(
    new Date(now - 4 * hour - 20 * 60_000),
    5,
    0
  );
  new ChainBuilder(world, { ...base, sourceRegion: 'eu-west-1', prefix: 'ct' }).hourly(new Date(now - 6 * hour), 4, 0);
  new ChainBuilder(world, {
    ...base,
    sourceRegion: 'us-east-1',
    prefix: 'ct',
    organization: true,
    accountId: '444455556666',
  }).hourly(new Date(now - 5 * hour), 2, 0);
  s3 = await startLocalS3();
  await s3.createBucket(TRAIL_BUCKET);
  await s3.createBucket(RESULTS_BUCKET);
  await world.writeToS3(s3.client);
  // CloudTrail delivered the us-east-1 digest (the trail's newest) 30 s after it ended.
  stub = await startCloudTrailStub({
    keys: () => [],
    trails: () => [],
    organizationId: () => world.organizationId,
    trailStatus: () => ({
      [MAIN_ARN]: { isLogging: true, latestDigestDeliveryTime: new Date(now - 20 * 60_000 + 30_000) },
    }),
  });
  vi.stubEnv('AWS_ENDPOINT_URL_CLOUDTRAIL', stub.endpoint);
  vi.stubEnv('TRAIL_ARNS', MAIN_ARN);
  vi.stubEnv('AWS_ENDPOINT_URL_S3', s3.endpoint);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'S3RVER');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'S3RVER');
  vi.stubEnv('RESULTS_BUCKET', RESULTS_BUCKET);
  vi.stubEnv('TRAIL_BUCKET', TRAIL_BUCKET);
  ({ handler } = await import('../../functions/heartbeat.js'));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await stub?.close();
  await s3?.close();
});

describe('heartbeat handler', () => {
  it('raises a high integrity alert for each silent digest stream and none for a live one', async () => {
    // Act
    const { lines, error } = await captureStdout(() => handler({ source: 'aws.events' }, context));
    expect(error).toBeUndefined();
    // Assess
    const alerts = lines.filter((l) => l.startsWith('{"id"')).map((l) => JSON.parse(l) as Alert);
    expect(alerts.map((a) => [a.ruleId, a.severity, a.account, a.region]).sort()).toEqual([
      ['digest-digest-heartbeat-missing', 'high', '111122223333', 'eu-west-1'],
      ['digest-digest-heartbeat-missing', 'high', '444455556666', 'us-east-1'],
    ]);
    const listed = await s3.client.send(
      new ListObjectsV2Command({ Bucket: RESULTS_BUCKET, Prefix: `verdicts/heartbeat/${TRAIL_BUCKET}/` })
    );
    expect(listed.Contents?.map((c) => c.Key)).toEqual([expect.stringMatching(/\/\d{4}-\d{2}-\d{2}T\d{2}\.json$/)]);
    const out = await s3.client.send(new GetObjectCommand({ Bucket: RESULTS_BUCKET, Key: listed.Contents?.[0]?.Key }));
    const record = JSON.parse(await (out.Body as { transformToString(): Promise<string> }).transformToString()) as {
      streams: unknown[];
      findings: unknown[];
    };
    expect(record.streams).toHaveLength(3);
    expect(record.findings).toHaveLength(2);
    expect(stub.statusCalls).toEqual([MAIN_ARN]);
  });
});

/** A results-bucket state object, parsed. */
const readJson = async (bucket: string, key: string): Promise<Record<string, unknown>> => {
  const out = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return JSON.parse(await (out.Body as { transformToString(): Promise<string> }).transformToString());
};

/** Hourly digests of trail `main` (home us-east-1) in `regions`, the last one ending at `last`. */
const writeChains = async (bucket: string, regions: readonly string[], last: Date, hours: number) => {
  const world = new VectorWorld();
  const signer = makeSigningKey(new Date(NOW.getTime() - 30 * 24 * hour), new Date(NOW.getTime() + 30 * 24 * hour));
  const chains = regions.map(
    (sourceRegion) =>
      new ChainBuilder(world, {
        accountId: ACCOUNT,
        name: 'main',
        homeRegion: 'us-east-1',
        bucket,
        signer,
        sourceRegion,
      })
  );
  for (const chain of chains) chain.hourly(new Date(last.getTime() - (hours - 1) * hour), hours, 0);
  await s3.createBucket(bucket);
  await world.writeToS3(s3.client);
  return chains;
};

/** The flow's ports on s3rver, with the alerts it sends collected. */
const flowDeps = (trailBucket: string, extra: Partial<HeartbeatDeps> = {}) => {
  const sent: Alert[] = [];
  const deps: HeartbeatDeps = {
    digests: s3DigestStore(s3.client),
    store: s3ObjectStore(s3.client),
    trailBucket,
    resultsBucket: RESULTS_BUCKET,
    slackMs: 30 * 60_000,
    lookbackMs: 48 * hour,
    sink: { send: async (alerts) => void sent.push(...alerts) },
    log: silentLog,
    ...extra,
  };
  return { deps, sent };
};

const summary = (alerts: readonly Alert[]) => alerts.map((a) => [a.ruleId, a.severity, a.region ?? '', a.s3Key]).sort();

describe('runHeartbeat with its state', () => {
  it('raises digest-deleted when the last 48 hours of a stream are deleted between two runs', async () => {
    // Prepare: two streams delivering hourly for three days, the newest digest 16 minutes old
    const bucket = 'tw-hb-deleted';
    const [east, west] = await writeChains(
      bucket,
      ['us-east-1', 'eu-west-1'],
      new Date(NOW.getTime() - 16 * 60_000),
      72
    );
    const first = flowDeps(bucket, { now: at(0) });
    await runHeartbeat(first.deps);
    const recent = (west?.digests ?? []).filter((d) => d.end.getTime() > NOW.getTime() - 48 * hour);
    for (const d of recent) await s3.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: d.key }));
    const second = flowDeps(bucket, { now: at(30 * 60_000) });
    // Act
    await runHeartbeat(second.deps);
    // Assess
    expect(first.sent).toEqual([]);
    expect(recent).toHaveLength(48);
    expect(summary(second.sent)).toEqual([['digest-digest-deleted', 'critical', 'eu-west-1', west?.last?.key]]);
    expect(second.sent[0]?.details).toMatchObject({ newestDigestEnd: west?.last?.end.toISOString() });
    const state = (await readJson(RESULTS_BUCKET, `state/heartbeat/${bucket}.json`)) as {
      streams: Array<{ sourceRegion: string; newestKey: string }>;
    };
    expect(state.streams.map((s) => [s.sourceRegion, s.newestKey]).sort()).toEqual(
      [
        ['eu-west-1', west?.last?.key],
        ['us-east-1', east?.last?.key],
      ].sort()
    );
  });

  it('raises heartbeat-state-corrupt for a garbage state object and still checks the listing', async () => {
    // Prepare: one stream silent for three hours; its state object overwritten with garbage
    const bucket = 'tw-hb-corrupt';
    const [chain] = await writeChains(bucket, ['us-east-1'], new Date(NOW.getTime() - 3 * hour), 5);
    const stateKey = `state/heartbeat/${bucket}.json`;
    await s3.client.send(new PutObjectCommand({ Bucket: RESULTS_BUCKET, Key: stateKey, Body: '{"streams": [garbage' }));
    const { deps, sent } = flowDeps(bucket, { now: at(0) });
    // Act
    await runHeartbeat(deps);
    // Assess
    expect(summary(sent)).toEqual([
      ['digest-digest-heartbeat-missing', 'high', 'us-east-1', chain?.last?.key],
      ['digest-heartbeat-state-corrupt', 'high', '', stateKey],
    ]);
    expect(sent.find((a) => a.ruleId === 'digest-heartbeat-state-corrupt')?.bucket).toBe(RESULTS_BUCKET);
    const state = await readJson(RESULTS_BUCKET, stateKey);
    expect(state).toMatchObject({ schema: 'trailwatch.heartbeat-state/1', trailBucket: bucket });
    expect(state.streams).toEqual([expect.objectContaining({ newestKey: chain?.last?.key })]);
  });

  it('raises digest-deleted when GetTrailStatus reports a digest newer than any in the bucket', async () => {
    // Prepare: no state; trail main's newest digest in the bucket ends 3 h 20 min ago, but CloudTrail
    // says it delivered one 10 minutes ago. Trail "other" is delivered as the bucket shows; "gone" is unknown.
    const bucket = 'tw-hb-status';
    const [chain] = await writeChains(bucket, ['us-east-1'], new Date(NOW.getTime() - 200 * 60_000), 5);
    const otherArn = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/other`;
    const goneArn = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/gone`;
    const world = new VectorWorld();
    const signer = makeSigningKey(new Date(NOW.getTime() - hour * 24), new Date(NOW.getTime() + hour * 24));
    new ChainBuilder(world, {
      accountId: ACCOUNT,
      name: 'other',
      homeRegion: 'us-east-1',
      sourceRegion: 'us-east-1',
      bucket,
      signer,
    }).hourly(new Date(NOW.getTime() - 2 * hour - 5 * 60_000), 3, 0);
    await world.writeToS3(s3.client);
    const stub = await startCloudTrailStub({
      keys: () => [],
      trails: () => [],
      organizationId: () => 'o-a1b2c3d4e5',
      trailStatus: () => ({
        [MAIN_ARN]: { isLogging: true, latestDigestDeliveryTime: new Date(NOW.getTime() - 10 * 60_000) },
        [otherArn]: { isLogging: true, latestDigestDeliveryTime: new Date(NOW.getTime() - 5 * 60_000 + 40_000) },
      }),
    });
    const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
    const status = cloudTrailStatusSource(
      (region) => new CloudTrailClient({ region, endpoint: stub.endpoint, credentials })
    );
    const { deps, sent } = flowDeps(bucket, { now: at(0), trails: { arns: [MAIN_ARN, otherArn, goneArn], status } });
    // Act
    try {
      await runHeartbeat(deps);
    } finally {
      await stub.close();
    }
    // Assess
    expect(stub.statusCalls.sort()).toEqual([MAIN_ARN, goneArn, otherArn].sort());
    expect(summary(sent)).toEqual([
      ['digest-digest-deleted', 'critical', 'us-east-1', chain?.last?.key],
      ['digest-digest-heartbeat-missing', 'high', 'us-east-1', chain?.last?.key],
      ['digest-trail-status-unreadable', 'high', 'us-east-1', goneArn],
    ]);
    const deleted = sent.find((a) => a.ruleId === 'digest-digest-deleted');
    expect(deleted?.details).toMatchObject({
      trailArn: MAIN_ARN,
      isLogging: true,
      latestDigestDeliveryTime: new Date(NOW.getTime() - 10 * 60_000).toISOString(),
    });
  });
});

describe('runHeartbeat on a stream that stopped for good', () => {
  it('raises digest-stream-vanished once when the silence outlasts the lookback, then stops watching', async () => {
    // Prepare: a stream whose last digest (still in the bucket) ended 47 hours before NOW
    const bucket = 'tw-hb-vanished';
    const [chain] = await writeChains(bucket, ['eu-west-1'], new Date(NOW.getTime() - 47 * hour), 3);
    const runs = [at(0), at(2 * hour), at(2 * hour + 30 * 60_000)].map((now) => flowDeps(bucket, { now }));
    // Act
    for (const run of runs) await runHeartbeat(run.deps);
    // Assess
    expect(runs.map((r) => summary(r.sent))).toEqual([
      [['digest-digest-heartbeat-missing', 'high', 'eu-west-1', chain?.last?.key]],
      [['digest-digest-stream-vanished', 'high', 'eu-west-1', chain?.last?.key]],
      [],
    ]);
    expect(runs[1]?.sent[0]?.details).toMatchObject({ watched: false, silentMinutes: 49 * 60 });
    expect(await readJson(RESULTS_BUCKET, `state/heartbeat/${bucket}.json`)).toMatchObject({ streams: [] });
  });
});
