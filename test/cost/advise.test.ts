import { describe, expect, it } from 'vitest';
import { BYTES_PER_GB, DEFAULT_PRICES } from '../../lib/cost/constants.js';
import { CostReportBuilder } from '../../lib/cost/cost-report-builder.js';
import { costSummaryMessage, publishCostSummary } from '../../lib/cost/cost-summary-message.js';
import { renderBarChart } from '../../lib/cost/render-bar-chart.js';
import { renderCostCsv } from '../../lib/cost/render-csv.js';
import { trailOf, trailPricingResolver } from '../../lib/cost/trail-pricing.js';
import type { CostReport, Rollup, RollupRow } from '../../lib/cost/types.js';

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const row = (
  trail: string,
  eventCategory: string,
  eventSource: string,
  eventName: string,
  readOnly: boolean,
  count: number
): RollupRow => ({
  trail,
  account: ACCOUNT,
  region: REGION,
  eventCategory,
  eventSource,
  eventName,
  readOnly,
  count,
});
const stats = (trail: string, records: number, bytes: number) => ({
  trail,
  account: ACCOUNT,
  region: REGION,
  files: 1,
  damagedFiles: 0,
  records,
  badRecords: 0,
  bytesCompressed: 0,
  bytesUncompressed: bytes,
});

/** One day with a paid extra trail, KMS-heavy management events and S3 data events. */
const report = (): CostReport => {
  const rollup: Rollup = {
    schemaVersion: 1,
    kind: 'daily',
    period: '2026-01-02',
    files: [],
    rows: [
      row('extra-trail', 'Management', 'kms.amazonaws.com', 'Decrypt', true, 300_000),
      row('extra-trail', 'Management', 'rdsdata.amazonaws.com', 'ExecuteStatement', false, 100_000),
      row('extra-trail', 'Management', 'ec2.amazonaws.com', 'RunInstances', false, 100_000),
      row('org-trail', 'Management', 'kms.amazonaws.com', 'Decrypt', true, 300_000),
      row('org-trail', 'Data', 's3.amazonaws.com', 'GetObject', true, 1_000_000),
      row('org-trail', 'Data', 's3.amazonaws.com', 'PutObject', false, 200_000),
      row('org-trail', 'Data', 'lambda.amazonaws.com', 'Invoke', false, 50_000),
    ],
    errors: [],
    stats: [stats('extra-trail', 500_000, 500_000 * 1000), stats('org-trail', 1_550_000, 1_550_000 * 1500)],
  };
  const builder = new CostReportBuilder(
    '2026-01-02',
    DEFAULT_PRICES,
    trailPricingResolver({ trails: { 'extra-trail': { copy: 'additional' } } })
  );
  builder.add(rollup);
  return builder.report();
};

describe('advice', () => {
  it('states each rule with the dollars it saves, largest first', () => {
    // Act
    const advice = report().advice;
    // Assess
    const lake = 10 - ((500_000 * 1000) / BYTES_PER_GB) * 0.75;
    expect(advice.map((a) => [a.id, a.savingsUsd])).toEqual([
      ['move-additional-copies-to-lake', Math.round(lake * 1e6) / 1e6],
      ['s3-bucket-keys', 7.722], // 0.99 × ($6.00 delivery on the extra copy + 600,000 × $0.03/10k KMS requests)
      ['exclude-kms-events', 6],
      ['exclude-rds-data-api-events', 2],
      ['exclude-noisy-data-event', 1],
      ['log-only-write-data-events', 1],
      ['exclude-noisy-data-event', 0.2],
    ]);
    expect(advice.find((a) => a.id === 'exclude-kms-events')).toMatchObject({
      events: 300_000,
      selector: {
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Management'] },
          { Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] },
        ],
      },
      top: [{ trail: 'extra-trail', account: ACCOUNT, region: REGION, savingsUsd: 6 }],
    });
    expect(advice.find((a) => a.id === 'log-only-write-data-events')?.selector?.FieldSelectors).toContainEqual({
      Field: 'readOnly',
      Equals: ['false'],
    });
  });

  it('gives no KMS, RDS or Lake advice when every trail is a first copy', () => {
    const builder = new CostReportBuilder('d', DEFAULT_PRICES, trailPricingResolver());
    builder.add({
      schemaVersion: 1,
      kind: 'daily',
      period: 'd',
      files: [],
      rows: [row('t', 'Management', 'kms.amazonaws.com', 'Decrypt', true, 10)],
      errors: [],
      stats: [],
    });
    expect(builder.report().advice.map((a) => a.id)).toEqual(['s3-bucket-keys']);
  });
});

describe('renderers', () => {
  it('quotes CSV fields that hold commas or quotes', () => {
    const r = report();
    r.byEventType = [{ ...(r.byEventType[0] as CostReport['byEventType'][number]), eventName: 'Odd,"Name"' }];
    expect(renderCostCsv(r).split('\r\n')[1]).toContain('"Odd,""Name"""');
  });

  it('escapes labels in the SVG chart and scales bars to the largest value', () => {
    const svg = renderBarChart('<top>', [
      { label: 'a&b', value: 10, text: '$10' },
      { label: 'c', value: 5, text: '$5' },
    ]);
    expect(svg).toContain('&lt;top&gt;');
    expect(svg).toContain('a&amp;b');
    expect(svg).toMatch(/width="320"[^>]*fill/);
    expect(svg).toMatch(/width="160"[^>]*fill/);
  });

  it('builds a short SNS summary with a subject SNS accepts, and publishes it through the callback', async () => {
    const r = report();
    const sent: Array<[string, string]> = [];
    await publishCostSummary(r, async (subject, message) => void sent.push([subject, message]));
    const { subject, message } = costSummaryMessage(r);
    expect(sent).toEqual([[subject, message]]);
    expect(subject.length).toBeLessThanOrEqual(100);
    expect(subject).toContain(`$${r.totalCostUsd.toFixed(2)}`);
    expect(message).toContain('Could save:');
  });
});

describe('trailOf', () => {
  it.each([
    ['bucket', 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/x.json.gz', 'bucket'],
    [
      'bucket',
      'org/logs/AWSLogs/o-abcdef1234/111122223333/CloudTrail/us-east-1/2026/01/02/x.json.gz',
      'bucket/org/logs',
    ],
  ])('names the trail location of %s/%s', (bucket, key, expected) => {
    expect(trailOf(bucket, key)).toBe(expected);
  });
});
