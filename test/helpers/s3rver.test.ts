import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalS3, startLocalS3 } from './s3rver.js';

describe('startLocalS3', () => {
  let s3: LocalS3;
  beforeAll(async () => {
    s3 = await startLocalS3();
  });
  afterAll(async () => s3.close());

  it('stores and returns an object through the real SDK', async () => {
    await s3.createBucket('roundtrip');
    await s3.client.send(new PutObjectCommand({ Bucket: 'roundtrip', Key: 'a/b.txt', Body: 'hello' }));
    const got = await s3.client.send(new GetObjectCommand({ Bucket: 'roundtrip', Key: 'a/b.txt' }));
    expect(await got.Body?.transformToString()).toBe('hello');
  });
});
