import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SAMPLE_BUCKET } from '../../tools/sample/envelopes.js';
import { EVENTS, sampleKeys } from './events.js';
import type { LocalS3 } from './s3rver.js';

/** Creates the sample trail bucket (from events/objects/) and an empty results bucket. */
export const loadSampleBucket = async (s3: LocalS3, resultsBucket: string): Promise<string[]> => {
  await s3.createBucket(SAMPLE_BUCKET);
  await s3.createBucket(resultsBucket);
  const keys = await sampleKeys();
  for (const key of keys) {
    const body = await readFile(join(EVENTS, 'objects', SAMPLE_BUCKET, key));
    await s3.client.send(new PutObjectCommand({ Bucket: SAMPLE_BUCKET, Key: key, Body: body }));
  }
  return keys;
};
