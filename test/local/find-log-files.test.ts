import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findInputFiles } from '../../lib/cli/find-input-files.js';
import { findLogFiles } from '../../lib/local/find-log-files.js';

const KEYS = [
  'AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/111122223333_CloudTrail_us-east-1_20260102T0400Z_b.json.gz',
  'AWSLogs/111122223333/CloudTrail/eu-west-1/2026/01/02/111122223333_CloudTrail_eu-west-1_20260102T0310Z_a.json.gz',
  'prefix/AWSLogs/o-aa11bb22cc/111122223333/CloudTrail/us-east-1/2026/01/02/111122223333_CloudTrail_us-east-1_20260102T0500Z_c.json.gz',
];

describe('findLogFiles and findInputFiles', () => {
  let dir: string;
  beforeAll(async () => {
    // Prepare: three log files at different depths of a bucket folder, and a file of another service
    dir = await mkdtemp(join(tmpdir(), 'trailwatch-find-'));
    for (const key of [...KEYS, 'AWSLogs/111122223333/elasticloadbalancing/x.log.gz']) {
      await mkdir(dirname(join(dir, 'bucket', key)), { recursive: true });
      const body = key.includes('elasticloadbalancing')
        ? 'h2 2026-01-02T04:00:00Z app/x'
        : JSON.stringify({ Records: [] });
      await writeFile(join(dir, 'bucket', key), gzipSync(body));
    }
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('keys each file by its path below the folder, with the folder as bucket, sorted', async () => {
    // Act
    const files = await findLogFiles([`${join(dir, 'bucket')}/`]);
    // Assess
    expect(files.map((f) => [f.ref.bucket, f.ref.key, f.path])).toEqual(
      [...KEYS].sort().map((key) => ['bucket', key, join(dir, 'bucket', key)])
    );
    expect(files.every((f) => f.size === f.ref.size && f.size > 0)).toBe(true);
  });

  it('shows each file under the folder as it was given, relative and unnormalised', async () => {
    // Prepare: the folder as a relative path with a `.` and a trailing separator
    const given = `${relative(process.cwd(), dir)}/./bucket/`;
    // Act
    const files = await findInputFiles([given], 'scan', { stdout: () => {}, stderr: () => {}, isTty: false });
    // Assess
    expect(files.map((f) => f.shownPath)).toEqual([...KEYS].sort().map((key) => join(given, key)));
  });
});
