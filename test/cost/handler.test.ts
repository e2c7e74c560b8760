import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costReportKey } from '../../lib/cost/rollup-keys.js';
import type { CostReport } from '../../lib/cost/types.js';
import { sampleTrail } from '../../lib/sample/generate-trail.js';
import { type LocalS3, startLocalS3 } from '../helpers/s3rver.js';
import { putSummaries, readText } from './summaries.js';

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
    Object.assign(process.env, { RESULTS_BUCKET: RESULTS, AWS_ENDPOINT_URL_S3: s3.endpoint, TRAILWATCH_COPY: 'additional', TRAILWATCH_PRICES: '{"dataPer100k": 0}' });
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
    expect(result).toMatchObject({ mode: 'daily', days: [{ day: '2026-01-05', unchanged: false, events: files.length * 20 }] });
    const report = JSON.parse((await readText(s3, RESULTS, costReportKey('2026-01-05', 'json'))) ?? '{}') as CostReport;
    const management = files.flatMap((f) => f.records).filter((r) => r.eventCategory === 'Management').length;
    expect(report.totalCostUsd).toBeCloseTo((management * 2) / 100_000, 6);
    expect(report.prices.dataPer100k).toBe(0);
  });

  it('updates the hourly rollups and the detector on the hourly schedule', async () => {
    const result = await handler({ mode: 'hourly', hour: '2026-01-05T11', lookbackHours: 1 }, context);
    expect(result).toMatchObject({ mode: 'hourly', hours: [{ hour: '2026-01-05T10' }, { hour: '2026-01-05T11' }], insights: { accounts: 2, started: 0, rollupsRead: 2 } });
  });

  it.each([[{}], [{ mode: 'weekly' }], [{ mode: 'hourly', hour: '2026-01-05 11:00' }], [{ 'detail-type': 'Scheduled Event' }]])(
    'rejects a schedule input it does not know: %j',
    async (event) => {
      await expect(handler(event, context)).rejects.toMatchObject({ name: 'UnknownEventError' });
    }
  );
});
