import { type CostSettings, parsePricingPlan, resolvePriceTable } from '../cost/price-table.js';
import { ConfigError } from '../model/errors.js';

const parseJsonVariable = (env: NodeJS.ProcessEnv, name: string): unknown => {
  const text = env[name];
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${name} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
};

/**
 * Reads the cost settings from the environment: `TRAILWATCH_PRICES` (JSON price overrides),
 * `TRAILWATCH_COPY` (`first` | `additional`, the default copy) and `TRAILWATCH_PRICING_PLAN`
 * (JSON PricingPlan with per-trail and per-account/region entries).
 * @throws ConfigError naming the variable and field when one is malformed
 */
export const loadCostSettings = (env: NodeJS.ProcessEnv): CostSettings => {
  const prices = resolvePriceTable(parseJsonVariable(env, 'TRAILWATCH_PRICES') ?? {}, 'TRAILWATCH_PRICES');
  const plan = parsePricingPlan(parseJsonVariable(env, 'TRAILWATCH_PRICING_PLAN') ?? {}, 'TRAILWATCH_PRICING_PLAN');
  const copy = env.TRAILWATCH_COPY;
  if (copy !== undefined && copy !== '') {
    if (copy !== 'first' && copy !== 'additional')
      throw new ConfigError(`TRAILWATCH_COPY must be 'first' or 'additional', got '${copy}'`);
    plan.copy = copy;
  }
  return { prices, plan };
};
