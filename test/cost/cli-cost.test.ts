import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../lib/model/record.js';
import type { CostReport } from '../../lib/cost/types.js';
import { encodeLogFile, sampleTrail } from '../../tools/sample/generate-trail.js';
import { runCli } from '../helpers/cli.js';

/** Counts records straight from the files, without the ingest core: gunzip + JSON.parse. */
const independentCount = async (paths: string[]) => {
  const byType = new Map<string, number>();
  const byCategory = new Map<string, number>();
  for (const path of paths) {
    const { Records } = JSON.parse(gunzipSync(await readFile(path)).toString('utf8')) as {
      Records: CloudTrailRecord[];
    };
    for (const r of Records) {
      const category = r.eventCategory ?? (r.managementEvent === false ? 'Data' : 'Management');
      const key = `${category} ${r.eventSource} ${r.eventName}`;
      byType.set(key, (byType.get(key) ?? 0) + 1);
      byCategory.set(category, (byCategory.get(category) ?? 0) + 1);
    }
  }
  return { byType, byCategory, events: [...byCategory.values()].reduce((a, b) => a + b, 0) };
};

describe('trailwatch cost', () => {
  let dir: string;
  const paths: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trailwatch-cost-'));
    const files = sampleTrail({ seed: 6, files: 3, recordsPerFile: 60, prefix: 'audit' });
    // Vary the mix: network activity events, and old records without eventCategory.
    for (const [f, file] of files.entries()) {
      for (const [i, r] of file.records.entries()) {
        if (i % 17 === 0)
          Object.assign(r, {
            eventCategory: 'NetworkActivity',
            eventSource: 'ec2.amazonaws.com',
            eventName: 'CreateVpcEndpoint',
            managementEvent: false,
          });
        if (f === 0 && i % 5 === 1) {
          delete r.eventCategory;
          r.eventVersion = '1.05';
        }
      }
    }
    for (const file of files) {
      const path = join(dir, 'trail-bucket', file.key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, encodeLogFile(file.records));
      paths.push(path);
    }
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('counts every event type exactly as an independent gunzip + JSON.parse count does', async () => {
    // Prepare
    const expected = await independentCount(paths);
    // Act
    const { code, stdout } = await runCli(['cost', join(dir, 'trail-bucket'), '--format', 'json']);
    // Assess
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as CostReport;
    expect(Object.keys(report).slice(0, 4)).toEqual(['events', 'totalCostUsd', 'byEventType', 'advice']);
    expect(report.events).toBe(expected.events);
    expect(
      new Map(report.byEventType.map((t) => [`${t.eventCategory} ${t.eventSource} ${t.eventName}`, t.count]))
    ).toEqual(expected.byType);
    expect(expected.byCategory.get('NetworkActivity')).toBeGreaterThan(0);
  });

  it('prices an additional copy at the public rates, independently recomputed', async () => {
    const { byCategory } = await independentCount(paths);
    const { stdout } = await runCli(['cost', join(dir, 'trail-bucket'), '--format', 'json', '--copy', 'additional']);
    const report = JSON.parse(stdout) as CostReport;
    const expected =
      ((byCategory.get('Management') ?? 0) * 2 +
        (byCategory.get('Data') ?? 0) * 0.1 +
        (byCategory.get('NetworkActivity') ?? 0) * 0.1) /
      100_000;
    expect(report.totalCostUsd).toBeCloseTo(expected, 6);
    expect(report.byEventType[0]?.eventCategory).toBe('Management');
    expect(report.advice.map((a) => a.id)).toContain('exclude-kms-events');
  });

  it('charges nothing for management events on the first copy and sorts the paid types first', async () => {
    const { stdout } = await runCli(['cost', join(dir, 'trail-bucket'), '--format', 'json']);
    const report = JSON.parse(stdout) as CostReport;
    expect(report.byCategory.find((c) => c.eventCategory === 'Management')?.costUsd).toBe(0);
    expect(report.byEventType[0]?.eventCategory).not.toBe('Management');
    expect(report.advice.map((a) => a.id)).not.toContain('exclude-kms-events');
  });

  it('writes CSV with one line per event type', async () => {
    const { stdout: json } = await runCli(['cost', join(dir, 'trail-bucket'), '--format', 'json']);
    const { code, stdout } = await runCli(['cost', join(dir, 'trail-bucket'), '--format', 'csv']);
    const lines = stdout.trimEnd().split('\r\n');
    expect(code).toBe(0);
    expect(lines[0]).toBe('eventCategory,eventSource,eventName,count,share,costUsd,deliveryCostUsd,insightsCostUsd');
    expect(lines.length - 1).toBe((JSON.parse(json) as CostReport).byEventType.length);
  });

  it('prints Markdown with an inline SVG chart on a terminal', async () => {
    const { code, stdout } = await runCli(['cost', join(dir, 'trail-bucket'), '--copy', 'additional'], true);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# CloudTrail cost: local\n/);
    expect(stdout).toMatch(/<svg [^>]*>.*<rect .*<\/svg>/);
    expect(stdout).toContain('## Advice');
  });

  it('takes price overrides from a file', async () => {
    const prices = join(dir, 'prices.json');
    await writeFile(prices, JSON.stringify({ dataPer100k: 0, networkActivityPer100k: 0 }));
    const { stdout } = await runCli(['cost', join(dir, 'trail-bucket'), '--format', 'json', '--prices', prices]);
    expect((JSON.parse(stdout) as CostReport).totalCostUsd).toBe(0);
  });

  it.each([
    [['cost'], 'trailwatch cost: missing <dir|file…>'],
    [['cost', '--format', 'xml', '.'], "trailwatch cost: --format must be one of json, csv, md, got 'xml'"],
    [['cost', '--copy', 'second', '.'], "trailwatch cost: --copy must be one of first, additional, got 'second'"],
    [['cost', '--bogus', '.'], "trailwatch cost: unknown option '--bogus'"],
  ])('exits 2 on usage errors: %j', async (args, message) => {
    const { code, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('warns on stderr about a --plan entry that names no trail location read, and names those read', async () => {
    // Prepare: the bucket's name is not the trail location of a local copy; the folder given is
    const plan = join(dir, 'plan.json');
    await writeFile(
      plan,
      JSON.stringify({ trails: { 'my-trail-bucket': { copy: 'additional' }, 'trail-bucket/audit': { copy: 'first' } } })
    );
    // Act
    const { code, stderr } = await runCli(['cost', join(dir, 'trail-bucket'), '--format', 'json', '--plan', plan]);
    // Assess
    expect(code).toBe(0);
    expect(stderr).toContain(
      'trailwatch cost: warning: --plan trails "my-trail-bucket" matches no file read, so it prices nothing (trail locations read: trail-bucket/audit)'
    );
    expect(stderr).not.toContain('"trail-bucket/audit"');
  });

  it('exits 2 naming the field of a bad price file', async () => {
    const prices = join(dir, 'bad-prices.json');
    await writeFile(prices, JSON.stringify({ dataPer100k: -1 }));
    const { code, stderr } = await runCli(['cost', dir, '--prices', prices]);
    expect(code).toBe(2);
    expect(stderr).toContain('dataPer100k');
  });
});
