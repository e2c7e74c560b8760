import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../../lib/ingest/aggregate.js';
import { encodeLogFile, sampleTrail } from '../../tools/sample/generate-trail.js';
import { runCli } from '../helpers/cli.js';
import { EVENTS } from '../helpers/events.js';

describe('trailwatch scan', () => {
  let dir: string;
  const files = sampleTrail({
    seed: 99,
    organizationId: 'o-abcdef1234',
    prefix: 'org/logs',
    files: 2,
    recordsPerFile: 25,
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trailwatch-scan-'));
    for (const file of files) {
      await mkdir(dirname(join(dir, file.key)), { recursive: true });
      await writeFile(join(dir, file.key), encodeLogFile(file.records));
    }
    // Objects that share the bucket but are not CloudTrail log files are passed over.
    await mkdir(join(dir, 'org/logs/AWSLogs/o-abcdef1234/111122223333/CloudTrail-Digest/us-east-1/2026/01/02'), {
      recursive: true,
    });
    await writeFile(join(dir, 'org/logs/AWSLogs/o-abcdef1234/111122223333/elasticloadbalancing.log'), 'x');
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('counts an organization trail with a prefix exactly as an independent count does', async () => {
    const { code, stdout } = await runCli(['scan', dir, '--format', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as ScanReport;
    const all = files.flatMap((f) => f.records);
    expect(report.files).toBe(files.length);
    expect(report.events).toBe(all.length);
    expect(report.errors).toBe(all.filter((r) => r.errorCode).length);
    expect(report.accounts).toEqual(['111122223333', '444455556666']);
    const expected = new Map<string, number>();
    for (const r of all)
      expected.set(`${r.eventSource} ${r.eventName}`, (expected.get(`${r.eventSource} ${r.eventName}`) ?? 0) + 1);
    expect(new Map(report.byType.map((t) => [`${t.eventSource} ${t.eventName}`, t.count]))).toEqual(expected);
  });

  it('scans the bundled sample trail and prints a table on a terminal', async () => {
    const { code, stdout } = await runCli(['scan', join(EVENTS, 'objects', 'example-trail-bucket')], true);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^files\s+12\nevents\s+480\n/);
    expect(stdout).toContain('cloudtrail.amazonaws.com StopLogging');
  });

  it('reports a damaged file named directly and goes on with the others', async () => {
    const good = join(dir, files[0]?.key as string);
    const bad = join(dir, 'broken.json.gz');
    const gz = encodeLogFile(files[1]?.records ?? []);
    await writeFile(bad, gz.subarray(0, gz.length - 20));
    const { code, stdout } = await runCli(['scan', good, bad, '--format', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as ScanReport;
    expect(report.files).toBe(2);
    expect(report.damaged).toEqual([expect.objectContaining({ key: 'broken.json.gz', reason: 'truncated-gzip' })]);
    expect(report.events).toBeGreaterThanOrEqual(25);
    // scan runs no rules: its one alert is the damaged file's integrity alert
    expect(report.alerts).toBe(1);
  });

  it('reads a plain-JSON copy (already decompressed) like the gzip one', async () => {
    const key = files[0]?.key as string;
    const plain = join(dir, 'plain', key);
    await mkdir(dirname(plain), { recursive: true });
    await writeFile(plain, gunzipSync(encodeLogFile(files[0]?.records ?? [])));
    const { stdout } = await runCli(['scan', join(dir, 'plain'), '--format', 'json']);
    expect(JSON.parse(stdout)).toMatchObject({ files: 1, events: 25, damaged: [] });
  });

  it.each([
    [['scan'], 'trailwatch scan: missing <dir|file…>'],
    [['scan', '--format', 'xml', EVENTS], "trailwatch scan: --format must be one of table, json, got 'xml'"],
    [['scan', '--bogus', EVENTS], "trailwatch scan: unknown option '--bogus'"],
  ])('exits 2 on usage errors: %j', async (args, message) => {
    const { code, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('exits 2 for an unknown command and lists the commands', async () => {
    const { code, stderr } = await runCli(['nope']);
    expect(code).toBe(2);
    expect(stderr).toContain('scan');
  });
});
