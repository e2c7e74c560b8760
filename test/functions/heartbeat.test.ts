import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../lib/model/alert.js';
import { ChainBuilder, makeSigningKey, VectorWorld } from '../helpers/digest-vectors.js';
import { type LocalS3, startLocalS3 } from '../helpers/s3rver.js';

const TRAIL_BUCKET = 'tw-heartbeat-trail';
const RESULTS_BUCKET = 'tw-heartbeat-results';
const context = { functionName: 'heartbeat', awsRequestId: 'req-2' } as unknown as Context;
const hour = 3_600_000;

let s3: LocalS3;
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
  vi.stubEnv('AWS_ENDPOINT_URL_S3', s3.endpoint);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'S3RVER');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'S3RVER');
  vi.stubEnv('RESULTS_BUCKET', RESULTS_BUCKET);
  vi.stubEnv('TRAIL_BUCKET', TRAIL_BUCKET);
  ({ handler } = await import('../../functions/heartbeat.js'));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await s3?.close();
});

describe('heartbeat handler', () => {
  it('raises a high integrity alert for each silent digest stream and none for a live one', async () => {
    // Act
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      await handler({ source: 'aws.events' }, context);
    } finally {
      spy.mockRestore();
    }
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
  });
});
