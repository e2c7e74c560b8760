import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findInputFiles } from '../../lib/cli/find-input-files.js';
import { fileId, findLogFiles } from '../../lib/local/find-log-files.js';

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

  const quiet = () => {
    const lines: string[] = [];
    return { io: { stdout: () => {}, stderr: (line: string) => lines.push(line), isTty: false }, lines };
  };

  it('reads a file reached by more than one path once, and says how many were', async () => {
    // Prepare: the folder named twice, then with a subfolder of it
    const bucket = join(dir, 'bucket');
    const { io, lines } = quiet();
    // Act
    const twice = await findInputFiles([bucket, bucket, join(bucket, 'AWSLogs', '111122223333')], 'scan', io);
    // Assess
    expect(twice.map((f) => f.ref.key)).toEqual([...KEYS].sort());
    expect(lines.filter((line) => !line.includes('skipped'))).toEqual([
      'trailwatch scan: 5 files reached by more than one path (named twice, inside another named folder, or through a link) read once\n',
    ]);
  });

  it('follows links to files and to folders, and ends a loop of links', async () => {
    // Prepare: a folder of links: to one log file, to the bucket folder, and back to itself
    const links = join(dir, 'links');
    await mkdir(links);
    await symlink(join(dir, 'bucket', KEYS[0] as string), join(links, 'one.json.gz'));
    await symlink(join(dir, 'bucket'), join(links, 'bucket-link'));
    await symlink(links, join(links, 'loop'));
    await symlink(join(dir, 'nowhere'), join(links, 'dangling.json.gz'));
    const { io, lines } = quiet();
    // Act
    const files = await findInputFiles([links], 'scan', io);
    // Assess: every log file once (the linked file is also in the linked folder: which of its two
    // paths is kept depends on the folder's listing order)
    expect(files).toHaveLength(KEYS.length);
    expect(new Set(files.map((f) => f.file)).size).toBe(KEYS.length);
    expect(files.map((f) => f.ref.key)).toEqual(
      expect.arrayContaining(KEYS.slice(1).map((key) => `bucket-link/${key}`))
    );
    expect(lines.filter((line) => !line.includes('skipped'))).toEqual([
      'trailwatch scan: 1 file reached by more than one path (named twice, inside another named folder, or through a link) read once\n',
    ]);
    expect(lines.find((line) => line.includes('skipped'))).toContain('1 symbolic links to nothing (dangling.json.gz)');
  });

  it('skips a digest file named directly, saying so, instead of reading it as a damaged log', async () => {
    // Prepare: a glob over a synced bucket names its digest files too
    const key =
      'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/01/02/111122223333_CloudTrail-Digest_us-east-1_main_us-east-1_20260102T040404Z.json.gz';
    await mkdir(dirname(join(dir, 'bucket', key)), { recursive: true });
    await writeFile(join(dir, 'bucket', key), gzipSync(JSON.stringify({ awsAccountId: '111122223333', logFiles: [] })));
    const given = join(dir, 'bucket', key);
    const { io, lines } = quiet();
    // Act
    const files = await findInputFiles([given, join(dir, 'bucket', KEYS[0] as string)], 'detect', io);
    // Assess
    expect(files.map((f) => f.ref.key)).toEqual([KEYS[0]]);
    expect(lines).toEqual([
      `trailwatch detect: skipped 1 file: 1 CloudTrail digest files ('trailwatch validate' checks those) (${given})\n`,
    ]);
  });

  it('tells files apart by path where the file system reports no inode, not as one file', () => {
    // Assess: some network and Windows file systems report inode 0 for every file
    expect(fileId({ dev: 66, ino: 0 })).toBeUndefined();
    expect(fileId({ dev: 66, ino: 1234 })).toBe('66:1234');
  });
});
