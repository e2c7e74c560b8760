import type { ListObjectsV2CommandInput } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3DigestStore } from '../../lib/aws/digest-store.js';
import { findDigestStreams } from '../../lib/digest/index.js';
import { ChainBuilder, makeSigningKey, VectorWorld } from '../helpers/digest-vectors.js';
import { type LocalS3, startLocalS3 } from '../helpers/s3rver.js';

const BUCKET = 'tw-scoped-trail';
const hour = 3_600_000;

describe('s3DigestStore within a folder', () => {
  let s3: LocalS3;
  const listed: string[] = [];
  beforeAll(async () => {
    // Prepare: two trails in one bucket, under the key prefixes `org` and `other/team`
    const world = new VectorWorld();
    const now = Date.now();
    const signer = makeSigningKey(new Date(now - 30 * 24 * hour), new Date(now + 30 * 24 * hour));
    const base = {
      accountId: '111122223333',
      homeRegion: 'us-east-1',
      sourceRegion: 'us-east-1',
      bucket: BUCKET,
      signer,
    };
    new ChainBuilder(world, { ...base, name: 'main', prefix: 'org' }).hourly(new Date(now - 3 * hour), 2, 0);
    new ChainBuilder(world, { ...base, name: 'team', prefix: 'other/team' }).hourly(new Date(now - 3 * hour), 2, 0);
    s3 = await startLocalS3();
    await s3.createBucket(BUCKET);
    await world.writeToS3(s3.client);
    s3.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'ListObjectsV2Command') {
          listed.push((args.input as ListObjectsV2CommandInput).Prefix ?? '');
        }
        return next(args);
      },
      { step: 'initialize', name: 'recordListingPrefixes' }
    );
  });
  afterAll(async () => s3?.close());

  it('finds only the streams under the folder and lists nothing outside it', async () => {
    // Prepare
    listed.length = 0;
    const store = s3DigestStore(s3.client, { within: 'org/AWSLogs/' });
    // Act
    const streams = await findDigestStreams(store, BUCKET);
    // Assess
    expect(streams.map((s) => [s.prefix, s.trailName])).toEqual([['org', 'main']]);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.filter((prefix) => !prefix.startsWith('org/AWSLogs/'))).toEqual([]);
  });

  it('walks the whole bucket without a folder', async () => {
    // Prepare
    listed.length = 0;
    const store = s3DigestStore(s3.client);
    // Act
    const streams = await findDigestStreams(store, BUCKET);
    // Assess
    expect(streams.map((s) => s.trailName).sort()).toEqual(['main', 'team']);
    expect(listed).toContain('');
  });
});
