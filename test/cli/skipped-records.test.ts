import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../lib/model/alert.js';
import { REPO_ROOT, spawnTrailwatch } from '../helpers/spawn-trailwatch.js';

const SAMPLE_KEY =
  'AWSLogs/111122223333/CloudTrail/eu-west-1/2026/01/02/111122223333_CloudTrail_eu-west-1_20260102T0310Z_q8F18ZC4j5GOOQV1.json.gz';
const BAD_KEY =
  'AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/111122223333_CloudTrail_us-east-1_20260102T0400Z_badRecordsFile01.json.gz';

describe('records that cannot be read', () => {
  let dir: string;
  let offset: number;
  beforeAll(async () => {
    // Prepare: a copy of one sample file, and a file whose record 1 is not UTF-8 and record 2 has no eventName
    dir = await mkdtemp(join(tmpdir(), 'trailwatch-skipped-'));
    const sample = await readFile(join(REPO_ROOT, 'events/objects/example-trail-bucket', SAMPLE_KEY));
    const [first] = (JSON.parse(gunzipSync(sample).toString()) as { Records: unknown[] }).Records;
    const head = Buffer.from(`{"Records":[${JSON.stringify(first)},`);
    offset = head.length;
    const bad = Buffer.concat([
      head,
      Buffer.from('{"eventTime":"2026-01-02T03:59:00Z","eventSource":"s3.amazonaws.com","eventName":"Get'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"},{"eventTime":"2026-01-02T03:59:01Z","eventSource":"s3.amazonaws.com"}]}'),
    ]);
    for (const [key, body] of [
      [SAMPLE_KEY, sample],
      [BAD_KEY, gzipSync(bad)],
    ] as const) {
      await mkdir(dirname(join(dir, 'trail', key)), { recursive: true });
      await writeFile(join(dir, 'trail', key), body);
    }
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('are listed in scan --format json under skipped, with path, record index and reason', async () => {
    // Act
    const run = await spawnTrailwatch(['scan', 'trail', '--format', 'json'], { cwd: dir });
    // Assess
    const report = JSON.parse(run.stdout) as { events: number; badRecords: number; skipped: unknown[] };
    expect(run.code).toBe(0);
    expect(report.badRecords).toBe(1);
    expect(report.skipped).toEqual([
      {
        path: `trail/${BAD_KEY}`,
        index: 1,
        offset,
        reason: 'invalid-utf8',
        message: `record 1 at offset ${offset} is not valid UTF-8`,
      },
    ]);
  });

  it('are listed in the scan table after the totals', async () => {
    // Act
    const run = await spawnTrailwatch(['scan', 'trail', '--format', 'table'], { cwd: dir });
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `\nskipped records:\n  trail/${BAD_KEY}: record 1 (invalid-utf8) at offset ${offset}\n`
    );
  });

  it('are named on stderr by detect, one line each, while stdout keeps only alerts', async () => {
    // Act
    const run = await spawnTrailwatch(['detect', 'trail'], { cwd: dir });
    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n')).toContain(
      `trailwatch detect: trail/${BAD_KEY}: skipped record 1 (invalid-utf8): record 1 at offset ${offset} is not valid UTF-8`
    );
    expect(run.stderr).not.toContain('skipped record 2');
    for (const line of run.stdout.trim().split('\n')) expect((JSON.parse(line) as Alert).id).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('records too deep or too large for the splitter', () => {
  const KEY =
    'AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/111122223333_CloudTrail_us-east-1_20260102T0410Z_deepLargeFile001.json.gz';
  let dir: string;
  const offsets: number[] = [];
  beforeAll(async () => {
    // Prepare: good, 600 levels deep, StopLogging, 17 MiB (over the 16 MiB limit), AttachUserPolicy(AdministratorAccess)
    dir = await mkdtemp(join(tmpdir(), 'trailwatch-deep-large-'));
    const sampleDir = join(REPO_ROOT, 'events/objects/example-trail-bucket');
    const sample = (
      JSON.parse(gunzipSync(await readFile(join(sampleDir, SAMPLE_KEY))).toString()) as {
        Records: Array<Record<string, unknown>>;
      }
    ).Records;
    const usEast = (
      JSON.parse(
        gunzipSync(
          await readFile(
            join(
              sampleDir,
              'AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/111122223333_CloudTrail_us-east-1_20260102T0310Z_JyGYXJDM20R9YL3U.json.gz'
            )
          )
        ).toString()
      ) as { Records: Array<Record<string, unknown>> }
    ).Records;
    const byName = (name: string) => JSON.stringify(usEast.find((r) => r.eventName === name));
    const deep = JSON.stringify({ ...sample[0], requestParameters: null }).replace(
      '"requestParameters":null',
      `"requestParameters":${'{"filter":['.repeat(300)}1${']}'.repeat(300)}`
    );
    const large = JSON.stringify({ ...sample[0], requestParameters: { policy: 'x'.repeat(17 * 1024 * 1024) } });
    const parts = [JSON.stringify(sample[0]), deep, byName('StopLogging'), large, byName('AttachUserPolicy')];
    let at = '{"Records":['.length;
    for (const part of parts) {
      offsets.push(at);
      at += Buffer.byteLength(part) + 1;
    }
    await mkdir(dirname(join(dir, 'trail', KEY)), { recursive: true });
    await writeFile(join(dir, 'trail', KEY), gzipSync(`{"Records":[${parts.join(',')}]}`));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('are skipped, counted and named in scan --format json, and the records after them are counted', async () => {
    // Act
    const run = await spawnTrailwatch(['scan', 'trail', '--format', 'json'], { cwd: dir });
    // Assess
    const report = JSON.parse(run.stdout) as {
      events: number;
      badRecords: number;
      damaged: unknown[];
      skipped: unknown[];
    };
    expect(run.code).toBe(0);
    expect(report).toMatchObject({ events: 3, badRecords: 2, damaged: [] });
    expect(report.skipped).toEqual([
      {
        path: `trail/${KEY}`,
        index: 1,
        offset: offsets[1],
        reason: 'too-deep',
        message: `record 1 at offset ${offsets[1]} nests deeper than 512 levels: skipped`,
      },
      {
        path: `trail/${KEY}`,
        index: 3,
        offset: offsets[3],
        reason: 'too-large',
        message: `record 3 at offset ${offsets[3]} is larger than 16777216 bytes: skipped`,
      },
    ]);
  });

  it('do not stop detect: the records after each one raise their alerts', async () => {
    // Act
    const run = await spawnTrailwatch(['detect', 'trail'], { cwd: dir });
    // Assess
    const ruleIds = run.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as Alert).ruleId);
    expect(run.code).toBe(0);
    expect(ruleIds).toEqual(expect.arrayContaining(['cloudtrail-logging-stopped', 'iam-admin-policy-attached']));
    expect(ruleIds).not.toContain('log-file-damaged');
    expect(run.stderr).toContain(`skipped record 1 (too-deep)`);
    expect(run.stderr).toContain(`skipped record 3 (too-large)`);
  });
});
