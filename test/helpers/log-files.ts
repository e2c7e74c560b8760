import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import type { CloudTrailRecord } from '../../lib/model/record.js';
import { encodeLogFile, generateRecords } from '../../tools/sample/generate-trail.js';

/** Realistic records for tests (deterministic). */
export const someRecords = (count: number, seed = 7): CloudTrailRecord[] =>
  generateRecords({
    seed,
    account: '111122223333',
    region: 'us-east-1',
    start: new Date('2026-01-02T03:00:00Z'),
    count,
    notable: count >= 10,
  });

/** A readable that yields `bytes` in chunks of `size` (exercises records split across chunks). */
export const chunked = (bytes: Buffer, size: number): Readable => {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return Readable.from(chunks);
};

export const REF = {
  bucket: 'test-bucket',
  key: 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/111122223333_CloudTrail_us-east-1_20260102T0310Z_abcdefABCDEF0123.json.gz',
};

/**
 * Writes `records` as one gzipped CloudTrail log file at `key` below `<dir>/trail-bucket`, as
 * `aws s3 sync` lays a trail bucket out.
 * @returns the bucket's folder
 */
export const writeTrailBucket = async (
  dir: string,
  key: string,
  records: readonly CloudTrailRecord[]
): Promise<string> => {
  const bucket = join(dir, 'trail-bucket');
  await mkdir(dirname(join(bucket, key)), { recursive: true });
  await writeFile(join(bucket, key), encodeLogFile([...records]));
  return bucket;
};
