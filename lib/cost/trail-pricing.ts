import type { PricingPlan, TrailPricing, TrailPricingResolver, TrailScope } from './types.js';

/**
 * Builds the resolver that says how a trail is billed in an account and region, from a plan.
 * CloudTrail's first copy of management events is free per region, and only the trail list
 * (DescribeTrails and event selectors) tells which trail is first, so the plan is an input:
 * the trail audit (lib/trails) labels each trail's copy; otherwise configuration or `--copy` does.
 *
 * @param plan - defaults plus entries by trail, by `account/region` and by `trail|account|region`
 * @returns a resolver; the most specific entry wins, field by field
 * @example
 * const pricingOf = trailPricingResolver({ copy: 'first', trails: { 'audit-bucket': { copy: 'additional' } } });
 * pricingOf({ trail: 'audit-bucket', account: '111122223333', region: 'us-east-1' }).copy; // 'additional'
 */
export const trailPricingResolver = (plan: PricingPlan = {}): TrailPricingResolver => {
  const base: TrailPricing = {
    copy: plan.copy ?? 'first',
    insightTypes: plan.insightTypes ?? [],
    dataInsightTypes: plan.dataInsightTypes ?? [],
  };
  const cache = new Map<string, TrailPricing>();
  return (scope: TrailScope): TrailPricing => {
    const id = `${scope.trail}|${scope.account}|${scope.region}`;
    let found = cache.get(id);
    if (found === undefined) {
      found = {
        ...base,
        ...plan.trails?.[scope.trail],
        ...plan.accountRegions?.[`${scope.account}/${scope.region}`],
        ...plan.trailAccountRegions?.[id],
      };
      cache.set(id, found);
    }
    return found;
  };
};

/**
 * The trail location of a log file: its bucket, plus the key prefix in front of `AWSLogs/`.
 * Two trails that write to the same bucket and prefix cannot be told apart from their files.
 */
export const trailOf = (bucket: string, key: string): string => {
  const at = key.lastIndexOf('AWSLogs/');
  const prefix = at > 0 ? key.slice(0, at - 1) : '';
  return prefix ? `${bucket}/${prefix}` : bucket;
};
