import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICES, INSIGHT_TYPES } from '../../lib/cost/constants.js';
import { CostReportBuilder } from '../../lib/cost/cost-report-builder.js';
import { deliveryCost, insightsAnalysed } from '../../lib/cost/estimate-cost.js';
import { resolvePriceTable } from '../../lib/cost/price-table.js';
import { trailPricingResolver } from '../../lib/cost/trail-pricing.js';
import type { Rollup, RollupRow } from '../../lib/cost/types.js';

const row = (
  trail: string,
  eventCategory: string,
  eventName: string,
  readOnly: boolean | null,
  count: number
): RollupRow => ({
  trail,
  account: '111122223333',
  region: 'us-east-1',
  eventCategory,
  eventSource: eventCategory === 'Data' ? 's3.amazonaws.com' : 'ec2.amazonaws.com',
  eventName,
  readOnly,
  count,
});
const rollup = (rows: RollupRow[]): Rollup => ({
  schemaVersion: 1,
  kind: 'local',
  period: 'test',
  files: [],
  rows,
  errors: [],
  stats: [],
});

describe('the pricing page worked example', () => {
  it('prices two trails with 150,000 management events and 2,000,000 data events at $0 + $3.00 + $2.00', () => {
    // Prepare
    const pricingOf = trailPricingResolver({
      trails: { 'trail-one': { copy: 'first' }, 'trail-two': { copy: 'additional' } },
    });
    const builder = new CostReportBuilder('example', DEFAULT_PRICES, pricingOf);
    // Act
    builder.add(
      rollup([
        row('trail-one', 'Management', 'RunInstances', false, 150_000),
        row('trail-two', 'Management', 'RunInstances', false, 150_000),
        row('trail-one', 'Data', 'GetObject', true, 2_000_000),
      ])
    );
    const report = builder.report();
    // Assess
    expect(report.totalCostUsd).toBe(5);
    expect(report.byCategory).toEqual([
      { eventCategory: 'Management', count: 300_000, costUsd: 3 },
      { eventCategory: 'Data', count: 2_000_000, costUsd: 2 },
    ]);
    expect(report.copies).toEqual({ first: 150_000, additional: 150_000 });
    expect(report.byEventType.map((t) => [t.eventName, t.count, t.costUsd])).toEqual([
      ['RunInstances', 300_000, 3],
      ['GetObject', 2_000_000, 2],
    ]);
  });

  it.each([
    ['first', 0],
    ['additional', 3],
  ] as const)('charges 150,000 management events on a %s copy $%d', (copy, usd) => {
    expect(
      deliveryCost({ eventCategory: 'Management', readOnly: false, count: 150_000 }, { copy }, DEFAULT_PRICES)
    ).toBe(usd);
  });

  it.each([
    ['Data', 0.1],
    ['NetworkActivity', 0.1],
    ['Insight', 0],
    ['Aggregated', 0],
  ])('charges 100,000 %s events $%d per copy', (eventCategory, usd) => {
    expect(
      deliveryCost({ eventCategory, readOnly: null, count: 100_000 }, { copy: 'first' }, DEFAULT_PRICES)
    ).toBeCloseTo(usd, 12);
  });
});

describe('Insights counting', () => {
  it('analyses 330,000 events for 270,000 reads and 30,000 writes with both types (AWS example)', () => {
    const analysed =
      insightsAnalysed({ eventCategory: 'Management', readOnly: true, count: 270_000 }, INSIGHT_TYPES) +
      insightsAnalysed({ eventCategory: 'Management', readOnly: false, count: 30_000 }, INSIGHT_TYPES);
    expect(analysed).toBe(330_000);
  });

  it.each([
    [['ApiCallRateInsight'], 30_000],
    [['ApiErrorRateInsight'], 300_000],
    [[], 0],
  ] as const)('analyses %j → %d events of the same mix', (types, expected) => {
    const analysed =
      insightsAnalysed({ eventCategory: 'Management', readOnly: true, count: 270_000 }, types) +
      insightsAnalysed({ eventCategory: 'Management', readOnly: false, count: 30_000 }, types);
    expect(analysed).toBe(expected);
  });

  it('counts every data event once per type', () => {
    expect(insightsAnalysed({ eventCategory: 'Data', readOnly: true, count: 1000 }, INSIGHT_TYPES)).toBe(2000);
  });

  it('adds the Insights charge to the event types of a trail with Insights on, and estimates it for all', () => {
    // Prepare
    const builder = new CostReportBuilder(
      'example',
      DEFAULT_PRICES,
      trailPricingResolver({ insightTypes: [...INSIGHT_TYPES] })
    );
    // Act
    builder.add(
      rollup([
        row('t', 'Management', 'DescribeInstances', true, 270_000),
        row('t', 'Management', 'RunInstances', false, 30_000),
      ])
    );
    const report = builder.report();
    // Assess: 330,000 analysed × $0.35 / 100,000
    expect(report.totalCostUsd).toBeCloseTo(1.155, 9);
    expect(report.insightsEstimate).toEqual({ analysedEvents: 330_000, costUsd: 1.155 });
    expect(report.byEventType.find((t) => t.eventName === 'RunInstances')).toMatchObject({
      deliveryCostUsd: 0,
      insightsCostUsd: 0.21,
    });
  });
});

describe('resolvePriceTable', () => {
  it('keeps the public prices for rates not overridden', () => {
    expect(resolvePriceTable({ dataPer100k: 0.12 })).toEqual({ ...DEFAULT_PRICES, dataPer100k: 0.12 });
  });

  it.each([
    [{ dataPer100K: 1 }, /dataPer100K|Unrecognized/],
    [{ dataPer100k: -1 }, /dataPer100k/],
    [{ dataPer100k: '0.1' }, /dataPer100k/],
  ])('refuses %j with an error naming the field', (overrides, message) => {
    expect(() => resolvePriceTable(overrides, 'TRAILWATCH_PRICES')).toThrow(message);
  });
});

describe('trailPricingResolver', () => {
  it('prefers trail|account|region over account/region over trail over the default', () => {
    const pricingOf = trailPricingResolver({
      copy: 'first',
      trails: { audit: { copy: 'additional' } },
      accountRegions: { '111122223333/eu-west-1': { copy: 'first' } },
      trailAccountRegions: { 'audit|111122223333|eu-west-1': { copy: 'additional' } },
    });
    expect(pricingOf({ trail: 'audit', account: '111122223333', region: 'us-east-1' }).copy).toBe('additional');
    expect(pricingOf({ trail: 'org', account: '111122223333', region: 'eu-west-1' }).copy).toBe('first');
    expect(pricingOf({ trail: 'audit', account: '111122223333', region: 'eu-west-1' }).copy).toBe('additional');
    expect(pricingOf({ trail: 'org', account: '444455556666', region: 'us-east-1' }).copy).toBe('first');
  });
});
