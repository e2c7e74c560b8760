import { z } from 'zod';
import { ConfigError } from '../model/errors.js';
import { DEFAULT_PRICES, INSIGHT_TYPES } from './constants.js';
import type { PriceTable, PricingPlan } from './types.js';

const rate = z.number().finite().nonnegative();
const PRICE_OVERRIDES = z
  .strictObject({
    managementFirstCopyPer100k: rate,
    managementAdditionalCopyPer100k: rate,
    dataPer100k: rate,
    networkActivityPer100k: rate,
    insightsManagementPer100k: rate,
    insightsDataPer100k: rate,
    lakeIngestionPerGb: rate,
    kmsRequestsPer10k: rate,
  })
  .partial();

const insightTypes = z.array(z.enum(INSIGHT_TYPES as [string, ...string[]]));
const copy = z.enum(['first', 'additional']);
const pricing = z.strictObject({ copy, insightTypes, dataInsightTypes: insightTypes }).partial();
const PLAN = z
  .strictObject({
    copy,
    insightTypes,
    dataInsightTypes: insightTypes,
    trails: z.record(z.string(), pricing),
    accountRegions: z.record(z.string().regex(/^\d{12}\/[a-z0-9-]+$/, 'keys are account/region'), pricing),
    trailAccountRegions: z.record(
      z.string().regex(/^.+\|\d{12}\|[a-z0-9-]+$/, 'keys are trail|account|region'),
      pricing
    ),
  })
  .partial();

const describe = (error: z.ZodError): string =>
  error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');

/**
 * The price table: CloudTrail's public prices, with any rates the configuration overrides
 * (a region with other prices, a private pricing agreement, a future price change).
 *
 * @param overrides - rates to replace; unknown names are refused so a typo cannot go unnoticed
 * @param source - names the configuration in errors (an env variable or a file)
 * @returns a complete price table
 * @throws ConfigError naming the field when a rate is unknown, negative or not a number
 * @example
 * const prices = resolvePriceTable({ managementAdditionalCopyPer100k: 2.2 });
 */
export const resolvePriceTable = (overrides: unknown = {}, source = 'prices'): PriceTable => {
  const parsed = PRICE_OVERRIDES.safeParse(overrides);
  if (!parsed.success) throw new ConfigError(`${source}: ${describe(parsed.error)}`, { cause: parsed.error });
  return { ...DEFAULT_PRICES, ...parsed.data };
};

/**
 * Validates a pricing plan (which trails are first or additional copies, where Insights is on).
 * @throws ConfigError naming the field when the plan is malformed
 */
export const parsePricingPlan = (value: unknown, source = 'pricing plan'): PricingPlan => {
  const parsed = PLAN.safeParse(value);
  if (!parsed.success) throw new ConfigError(`${source}: ${describe(parsed.error)}`, { cause: parsed.error });
  return parsed.data as PricingPlan;
};

/** Cost settings of the scheduled rollup, read once per cold start. */
export type CostSettings = { prices: PriceTable; plan: PricingPlan };
