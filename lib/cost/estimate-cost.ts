import type { InsightType, PriceTable, TrailPricing } from './types.js';

/** The parts of a count its price depends on. */
export type PricedCount = { eventCategory: string; readOnly: boolean | null; count: number };

/**
 * Delivery cost of events, by CloudTrail's rules: management events are free in the first copy
 * and paid in additional copies; data and network activity events are paid in every copy;
 * Insights and Aggregated records carry no delivery charge.
 * Computed as count × rate / 100,000 so whole-dollar examples stay exact in floating point.
 */
export const deliveryCost = (c: PricedCount, pricing: Pick<TrailPricing, 'copy'>, prices: PriceTable): number => {
  switch (c.eventCategory) {
    case 'Management':
      return (
        (c.count *
          (pricing.copy === 'first' ? prices.managementFirstCopyPer100k : prices.managementAdditionalCopyPer100k)) /
        100_000
      );
    case 'Data':
      return (c.count * prices.dataPer100k) / 100_000;
    case 'NetworkActivity':
      return (c.count * prices.networkActivityPer100k) / 100_000;
    default:
      return 0;
  }
};

/**
 * Events CloudTrail Insights analyses, by its counting rules
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/insights-events-costs.html):
 * on management events, call-rate Insights analyses write events and error-rate Insights
 * analyses read and write events, so both types count a write event twice and a read event
 * once; on data events each type analyses every event.
 *
 * @example
 * // AWS's example: 270,000 read + 30,000 write management events, both types → 330,000
 * insightsAnalysed({ eventCategory: 'Management', readOnly: true, count: 270_000 }, both)
 *   + insightsAnalysed({ eventCategory: 'Management', readOnly: false, count: 30_000 }, both);
 */
export const insightsAnalysed = (c: PricedCount, types: readonly InsightType[]): number => {
  if (c.eventCategory === 'Data') return c.count * types.length;
  if (c.eventCategory !== 'Management') return 0;
  let analysed = 0;
  for (const type of types) {
    if (type === 'ApiErrorRateInsight' || c.readOnly === false) analysed += c.count;
  }
  return analysed;
};

/** Insights-analysis cost of events on a trail with the given Insights types enabled. */
export const insightsCost = (
  c: PricedCount,
  pricing: Pick<TrailPricing, 'insightTypes' | 'dataInsightTypes'>,
  prices: PriceTable
): number => {
  if (c.eventCategory === 'Data')
    return (insightsAnalysed(c, pricing.dataInsightTypes) * prices.insightsDataPer100k) / 100_000;
  return (insightsAnalysed(c, pricing.insightTypes) * prices.insightsManagementPer100k) / 100_000;
};

/** Rounds to a millionth of a dollar for output (sums are kept unrounded). */
export const roundUsd = (usd: number): number => Math.round(usd * 1e6) / 1e6;
