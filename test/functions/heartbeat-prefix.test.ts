import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../lib/model/alert.js';
import { ChainBuilder, makeSigningKey, VectorWorld } from '../helpers/digest-vectors.js';
import { type LocalS3, startLocalS3 } from '../helpers/s3rver.js';
import { captureStdout } from '../helpers/emf.js';

const TRAIL_BUCKET = 'tw-heartbeat-prefix-trail';
const RESULTS_BUCKET = 'tw-heartbeat-prefix-results';
const context = { functionName: 'heartbeat', awsRequestId: 'req-3' } as unknown as Context;
const hour = 3_600_000;

let s3: LocalS3;
let handler: (event: unknown, context: Context) => Promise<void>;

beforeAll(async () => {
  // Prepare: the stack's trail writes under `org/`; another trail of the bucket, under `legacy/`,
  // went silent. The stack passes TRAIL_PREFIX=org/ and lets the role list only org/AWSLogs/.
  const now = Date.now();
  const world = new VectorWorld();
  const signer = makeSigningKey(new Date(now - 30 * 24 * hour), new Date(now + 30 * 24 * hour));
  const base = {
    accountId: '111122223333',
    homeRegion: 'us-east-1',
    sourceRegion: 'us-east-1',
    bucket: TRAIL_BUCKET,
    signer,
  };
  new ChainBuilder(world, { ...base, name: 'main', prefix: 'org' }).hourly(new Date(now - 6 * hour), 4, 0);
  new ChainBuilder(world, { ...base, name: 'legacy', prefix: 'legacy' }).hourly(new Date(now - 6 * hour), 4, 0);
  s3 = await startLocalS3();
  await s3.createBucket(TRAIL_BUCKET);
  await s3.createBucket(RESULTS_BUCKET);
  await world.writeToS3(s3.client);
  vi.stubEnv('AWS_ENDPOINT_URL_S3', s3.endpoint);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'S3RVER');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'S3RVER');
  vi.stubEnv('RESULTS_BUCKET', RESULTS_BUCKET);
  vi.stubEnv('TRAIL_BUCKET', TRAIL_BUCKET);
  vi.stubEnv('TRAIL_PREFIX', 'org/');
  ({ handler } = await import('../../functions/heartbeat.js'));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await s3?.close();
});

describe('heartbeat handler with TRAIL_PREFIX', () => {
  it("watches only the trail's folder <prefix>AWSLogs/", async () => {
    // Act
    const { lines, error } = await captureStdout(() => handler({ source: 'aws.events' }, context));
    expect(error).toBeUndefined();
    // Assess
    const alerts = lines.filter((l) => l.startsWith('{"id"')).map((l) => JSON.parse(l) as Alert);
    expect(alerts.map((a) => a.details?.trailName)).toEqual(['main']);
    const listed = await s3.client.send(
      new ListObjectsV2Command({ Bucket: RESULTS_BUCKET, Prefix: `verdicts/heartbeat/${TRAIL_BUCKET}/` })
    );
    const out = await s3.client.send(new GetObjectCommand({ Bucket: RESULTS_BUCKET, Key: listed.Contents?.[0]?.Key }));
    const record = JSON.parse(await (out.Body as { transformToString(): Promise<string> }).transformToString()) as {
      streams: Array<{ prefix?: string; trailName: string }>;
    };
    expect(record.streams.map((s) => [s.prefix, s.trailName])).toEqual([['org', 'main']]);
  });
});
