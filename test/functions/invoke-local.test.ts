import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listKeys } from '../../lib/aws/s3.js';
import { loadSampleBucket } from '../helpers/sample-bucket.js';
import { type LocalS3, startLocalS3 } from '../helpers/s3rver.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

describe('osls invoke local against the embedded S3', () => {
  let s3: LocalS3;
  let keys: string[];
  beforeAll(async () => {
    s3 = await startLocalS3();
    keys = await loadSampleBucket(s3, 'trailwatch-results');
  });
  afterAll(async () => s3.close());

  it('runs the bundled ingest handler on events/s3-put-log.json and writes the summary', async () => {
    const { stdout } = await run(
      join(ROOT, 'node_modules', '.bin', 'osls'),
      [
        'invoke',
        'local',
        '--stage',
        'local',
        '-f',
        'ingest',
        '-p',
        'events/s3-put-log.json',
        '-e',
        `AWS_ENDPOINT_URL_S3=${s3.endpoint}`,
      ],
      {
        cwd: ROOT,
        timeout: 120_000,
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'S3RVER',
          AWS_SECRET_ACCESS_KEY: 'S3RVER',
          POWERTOOLS_LOG_LEVEL: 'WARN',
          NODE_OPTIONS: '',
        },
      }
    );
    // Alert lines (console sink) come first; the handler's result is the last, pretty-printed JSON.
    const result = JSON.parse(stdout.slice(stdout.search(/^\[$/m)));
    expect(result).toEqual([
      expect.objectContaining({ action: 'summarised', key: keys[0], status: 'ok', records: 40 }),
    ]);
    const written: string[] = [];
    for await (const { key } of listKeys(s3.client, 'trailwatch-results', 'summaries/')) written.push(key);
    expect(written).toEqual([result[0].summaryKey]);
  });
});
