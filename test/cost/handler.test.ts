import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costReportKey } from '../../lib/cost/rollup-keys.js';
import type { CostReport } from '../../lib/cost/types.js';
import { sampleTrail } from '../../tools/sample/generate-trail.js';
import { type LocalS3, startLocalS3 } from '../helpers/s3rver.js';
import { putJson } from '../../lib/aws/s3.js';
import { putSummaries, readText, TRAIL_BUCKET } from './summaries.js';

const RESULTS = 'handler-results';
const context = { awsRequestId: 'test-request', functionName: 'rollup' } as Context;

describe('rollup handler', () => {
  let s3: LocalS3;
  let handler: (event: unknown, context: Context) => Promise<unknown>;
  const files = sampleTrail({ seed: 21, files: 2, recordsPerFile: 20, start: new Date('2026-01-05T10:00:00Z') });
  const saved = { ...process.env };

  beforeAll(async () => {
    s3 = await startLocalS3();
    await s3.createBucket(RESULTS);
    await putSummaries(s3, RESULTS, files);
    Object.assign(process.env, {
      RESULTS_BUCKET: RESULTS,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      TRAILWATCH_COPY: 'additional',
      TRAILWATCH_PRICES: '{"dataPer100k": 0}',
    });
    ({ handler } = await import('../../functions/rollup.js'));
  });
  afterAll(async () => {
    process.env = saved;
    await s3.close();
  });

  it('writes the day’s report on the daily schedule, priced by the configured copy and prices', async () => {
    // Act
    const result = await handler({ mode: 'daily', day: '2026-01-05', lookbackDays: 0 }, context);
    // Assess
    expect(result).toMatchObject({
      mode: 'daily',
      days: [{ day: '2026-01-05', unchanged: false, events: files.length * 20 }],
    });
    const report = JSON.parse((await readText(s3, RESULTS, costReportKey('2026-01-05', 'json'))) ?? '{}') as CostReport;
    const management = files.flatMap((f) => f.records).filter((r) => r.eventCategory === 'Management').length;
    expect(report.totalCostUsd).toBeCloseTo((management * 2) / 100_000, 6);
    expect(report.prices.dataPer100k).toBe(0);
  });

  it('prices each trail as the copy the trail audit found, over the configured copy', async () => {
    // Prepare: the audit says the trail writing to the bucket is the free first copy for one account
    const arn = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org';
    const label = (region: string) => ({
      accountId: '111122223333',
      region,
      trailArn: arn,
      copy: 'first',
      read: true,
      write: true,
      excludedSources: [],
    });
    const audit = {
      schemaVersion: 1,
      takenAt: '2026-01-05T00:00:00Z',
      accountId: '111122223333',
      regions: [],
      findings: [],
      trails: [{ arn, bucket: TRAIL_BUCKET, keyPrefix: null }],
      copies: [label('us-east-1'), label('eu-west-1')],
    };
    await putJson(s3.client, RESULTS, 'trails/audit/latest.json', audit);
    // Act
    await handler({ mode: 'daily', day: '2026-01-05', lookbackDays: 0, rebuild: true }, context);
    // Assess: only the other account's management events are an additional (paid) copy now
    const report = JSON.parse((await readText(s3, RESULTS, costReportKey('2026-01-05', 'json'))) ?? '{}') as CostReport;
    const paid = files
      .flatMap((f) => f.records)
      .filter((r) => r.eventCategory === 'Management' && r.recipientAccountId !== '111122223333').length;
    expect(paid).toBeGreaterThan(0);
    expect(report.totalCostUsd).toBeCloseTo((paid * 2) / 100_000, 6);
  });

  it('updates the hourly rollups and the detector on the hourly schedule', async () => {
    const result = await handler({ mode: 'hourly', hour: '2026-01-05T11', lookbackHours: 1 }, context);
    expect(result).toMatchObject({
      mode: 'hourly',
      hours: [{ hour: '2026-01-05T10' }, { hour: '2026-01-05T11' }],
      insights: { accounts: 2, started: 0, rollupsRead: 2 },
    });
  });

  it.each([
    [{}],
    [{ mode: 'weekly' }],
    [{ mode: 'hourly', hour: '2026-01-05 11:00' }],
    [{ 'detail-type': 'Scheduled Event' }],
  ])('rejects a schedule input it does not know: %j', async (event) => {
    await expect(handler(event, context)).rejects.toMatchObject({ name: 'UnknownEventError' });
  });
});
