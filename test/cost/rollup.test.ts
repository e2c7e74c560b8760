import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listKeys } from '../../lib/aws/s3.js';
import { DEFAULT_PRICES } from '../../lib/cost/constants.js';
import { rollupDay } from '../../lib/cost/rollup-day.js';
import { rollupHour } from '../../lib/cost/rollup-hour.js';
import {
  costReportKey,
  dailyManifestKey,
  dailyRollupKey,
  hourlyManifestKey,
  hourlyRollupKey,
} from '../../lib/cost/rollup-keys.js';
import type { RollupStore } from '../../lib/cost/rollup-store.js';
import { s3RollupStore } from '../../lib/aws/rollup-store.js';
import { trailPricingResolver } from '../../lib/cost/trail-pricing.js';
import type { CostReport, Rollup } from '../../lib/cost/types.js';
import { silentLog } from '../../lib/model/log.js';
import { sampleTrail } from '../../tools/sample/generate-trail.js';
import { type LocalS3, startLocalS3 } from '../helpers/s3rver.js';
import { putSummaries, readText } from './summaries.js';

const RESULTS = 'results';
const HOUR = '2026-01-02T03';
const DAY = '2026-01-02';
const ACCOUNTS = ['111122223333', '444455556666'];

describe('hourly and daily rollups on a real S3 protocol server', () => {
  let s3: LocalS3;
  let store: RollupStore;
  const hourFiles = sampleTrail({
    seed: 11,
    accounts: ACCOUNTS,
    files: 3,
    recordsPerFile: 30,
    start: new Date('2026-01-02T03:00:00Z'),
  }).filter((f) => f.key.includes('T03'));
  const lateFile = sampleTrail({
    seed: 12,
    accounts: ['444455556666'],
    regions: ['eu-west-1'],
    files: 1,
    recordsPerFile: 25,
    start: new Date('2026-01-02T03:40:00Z'),
  });
  const otherHour = sampleTrail({
    seed: 13,
    accounts: ACCOUNTS,
    regions: ['us-east-1'],
    files: 2,
    recordsPerFile: 20,
    start: new Date('2026-01-02T07:00:00Z'),
  });

  beforeAll(async () => {
    s3 = await startLocalS3();
    await s3.createBucket(RESULTS);
    store = s3RollupStore(s3.client, RESULTS);
    await putSummaries(s3, RESULTS, [...hourFiles, ...otherHour]);
  });
  afterAll(async () => s3.close());

  const readJson = async <T>(key: string): Promise<T> => JSON.parse((await readText(s3, RESULTS, key)) ?? 'null') as T;

  it('folds every summary of a delivery hour into one rollup per account, counting every record', async () => {
    // Act
    const result = await rollupHour(HOUR, { store, log: silentLog });
    // Assess
    expect(result).toMatchObject({
      hour: HOUR,
      listed: hourFiles.length,
      accounts: 2,
      changed: ACCOUNTS,
      summariesRead: hourFiles.length,
      badSummaries: [],
    });
    for (const account of ACCOUNTS) {
      const rollup = await readJson<Rollup>(hourlyRollupKey(HOUR, account));
      const records = hourFiles.filter((f) => f.key.includes(`/${account}/`)).flatMap((f) => f.records);
      expect(rollup.rows.reduce((n, r) => n + r.count, 0)).toBe(records.length);
      expect(rollup.errors.reduce((n, r) => n + r.count, 0)).toBe(records.filter((r) => r.errorCode).length);
      expect(new Set(rollup.rows.map((r) => r.hour))).toEqual(new Set(records.map((r) => r.eventTime?.slice(0, 13))));
      expect(rollup.stats.reduce((n, s) => n + s.records, 0)).toBe(records.length);
    }
    expect((await readJson<{ accounts: Record<string, { files: number }> }>(hourlyManifestKey(HOUR))).accounts).toEqual(
      {
        '111122223333': { files: hourFiles.length / 2, digest: expect.any(String) },
        '444455556666': { files: hourFiles.length / 2, digest: expect.any(String) },
      }
    );
  });

  it('reads no summary and writes nothing when the hour is run again', async () => {
    // Prepare
    const before = await readText(s3, RESULTS, hourlyRollupKey(HOUR, ACCOUNTS[0] as string));
    // Act
    const result = await rollupHour(HOUR, { store, log: silentLog });
    // Assess
    expect(result).toMatchObject({ listed: hourFiles.length, changed: [], summariesRead: 0 });
    expect(await readText(s3, RESULTS, hourlyRollupKey(HOUR, ACCOUNTS[0] as string))).toBe(before);
  });

  it('picks up a late summary reading only it, and gives the bytes a full rebuild gives', async () => {
    // Prepare
    const untouched = await readText(s3, RESULTS, hourlyRollupKey(HOUR, '111122223333'));
    await putSummaries(s3, RESULTS, lateFile);
    // Act
    const late = await rollupHour(HOUR, { store, log: silentLog });
    const incremental = await readText(s3, RESULTS, hourlyRollupKey(HOUR, '444455556666'));
    const rebuilt = await rollupHour(HOUR, { store, log: silentLog, rebuild: true });
    // Assess
    expect(late).toMatchObject({ changed: ['444455556666'], summariesRead: 1 });
    expect(rebuilt).toMatchObject({ changed: ACCOUNTS, summariesRead: hourFiles.length + 1 });
    expect(await readText(s3, RESULTS, hourlyRollupKey(HOUR, '444455556666'))).toBe(incremental);
    expect(await readText(s3, RESULTS, hourlyRollupKey(HOUR, '111122223333'))).toBe(untouched);
    const rollup = JSON.parse(incremental ?? '') as Rollup;
    expect(rollup.rows.reduce((n, r) => n + r.count, 0)).toBe(
      hourFiles.filter((f) => f.key.includes('/444455556666/')).length * 30 + 25
    );
  });

  it('reports a summary it cannot fold, folds the rest, and retries it on the next run', async () => {
    // Prepare
    const bad =
      'summaries/2026/01/02/07/777788889999/us-east-1/777788889999_CloudTrail_us-east-1_20260102T0705Z_broken.json';
    await s3.client.send(new PutObjectCommand({ Bucket: RESULTS, Key: bad, Body: '{"schemaVersion": 1, "counts": ' }));
    // Act
    const first = await rollupHour('2026-01-02T07', { store, log: silentLog });
    const second = await rollupHour('2026-01-02T07', { store, log: silentLog });
    // Assess
    expect(first.badSummaries).toEqual([bad]);
    expect(first.changed).toEqual(ACCOUNTS);
    expect(second).toMatchObject({ badSummaries: [bad], changed: [], summariesRead: 1 });
    expect(await readText(s3, RESULTS, hourlyRollupKey('2026-01-02T07', '777788889999'))).toBeUndefined();
    await s3.client.send(new DeleteObjectCommand({ Bucket: RESULTS, Key: bad }));
  });

  it('writes the day: per-account daily rollups, the report as JSON, CSV and Markdown, and a manifest', async () => {
    // Act
    const result = await rollupDay(DAY, {
      store,
      log: silentLog,
      prices: DEFAULT_PRICES,
      pricingOf: trailPricingResolver({ copy: 'additional' }),
    });
    // Assess
    const records = [...hourFiles, ...lateFile, ...otherHour].flatMap((f) => f.records);
    expect(result).toMatchObject({ unchanged: false, accounts: 2, lateSummariesRead: 0 });
    const report = await readJson<CostReport>(costReportKey(DAY, 'json'));
    expect(report.events).toBe(records.length);
    expect(report.totalCostUsd).toBeGreaterThan(0);
    expect(report.period).toBe(DAY);
    const daily = await readJson<Rollup>(dailyRollupKey(DAY, '111122223333'));
    expect(daily.rows.every((r) => r.hour === undefined)).toBe(true);
    expect(daily.rows.reduce((n, r) => n + r.count, 0)).toBe(
      records.filter((r) => r.recipientAccountId === '111122223333').length
    );
    expect(await readText(s3, RESULTS, costReportKey(DAY, 'csv'))).toMatch(
      /^eventCategory,eventSource,eventName,count/
    );
    expect(await readText(s3, RESULTS, costReportKey(DAY, 'md'))).toContain('<svg');
    expect(await readText(s3, RESULTS, dailyManifestKey(DAY))).toBeDefined();
  });

  it('leaves the day alone when nothing changed, and rebuilds it when a late summary lands in one of its hours', async () => {
    // Prepare
    const before = await readText(s3, RESULTS, costReportKey(DAY, 'json'));
    const options = {
      store,
      log: silentLog,
      prices: DEFAULT_PRICES,
      pricingOf: trailPricingResolver({ copy: 'additional' }),
    };
    // Act
    const again = await rollupDay(DAY, options);
    const extra = sampleTrail({
      seed: 14,
      accounts: ['111122223333'],
      regions: ['us-east-1'],
      files: 1,
      recordsPerFile: 10,
      start: new Date('2026-01-02T22:00:00Z'),
    });
    await putSummaries(s3, RESULTS, extra);
    const rebuilt = await rollupDay(DAY, options);
    // Assess
    expect(again).toMatchObject({ unchanged: true, hourlyRollupsRead: 0 });
    expect(await readText(s3, RESULTS, costReportKey(DAY, 'json'))).not.toBe(before);
    expect(rebuilt).toMatchObject({ unchanged: false, lateSummariesRead: 1 });
    expect(rebuilt.report?.events).toBe((JSON.parse(before ?? '{}') as CostReport).events + 10);
  });

  it('keeps everything under the documented prefixes', async () => {
    const keys: string[] = [];
    for await (const item of listKeys(s3.client, RESULTS, '')) keys.push(item.key);
    expect(keys.filter((k) => !/^(summaries|rollups\/(hourly|daily)|reports\/cost)\//.test(k))).toEqual([]);
  });
});
