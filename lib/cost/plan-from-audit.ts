import type { AuditReport } from '../model/trails.js';
import type { PricingPlan } from './types.js';

/**
 * Folds the trail audit's copy labels into a pricing plan: each trail's location (bucket, or
 * bucket/prefix: what the rollup can see in a log file's key) is priced as the first or an
 * additional copy per account and region, as the audit found it. Entries the user wrote in the
 * plan for the same trail, account and region win over the audit's.
 *
 * @param report - the audit report (`trails/audit/latest.json`)
 * @param plan - the configured plan (`TRAILWATCH_PRICING_PLAN`, `TRAILWATCH_COPY`)
 * @returns a new plan; `plan` is not changed
 * @example
 * const plan = planFromAudit(await store.getJson('trails/audit/latest.json'), settings.plan);
 */
export const planFromAudit = (report: AuditReport, plan: PricingPlan): PricingPlan => {
  const locations = new Map<string, string>();
  for (const trail of report.trails) {
    if (trail.bucket)
      locations.set(
        trail.arn,
        trail.keyPrefix ? `${trail.bucket}/${trail.keyPrefix.replace(/\/+$/, '')}` : trail.bucket
      );
  }
  const fromAudit: NonNullable<PricingPlan['trailAccountRegions']> = {};
  for (const label of report.copies) {
    const location = locations.get(label.trailArn);
    if (location !== undefined) fromAudit[`${location}|${label.accountId}|${label.region}`] = { copy: label.copy };
  }
  const merged: NonNullable<PricingPlan['trailAccountRegions']> = { ...fromAudit };
  for (const [key, pricing] of Object.entries(plan.trailAccountRegions ?? {}))
    merged[key] = { ...fromAudit[key], ...pricing };
  return { ...plan, trailAccountRegions: merged };
};

/** Whether a JSON value looks like an audit report (what planFromAudit reads of it). */
export const isAuditReport = (value: unknown): value is AuditReport =>
  typeof value === 'object' &&
  value !== null &&
  Array.isArray((value as AuditReport).trails) &&
  Array.isArray((value as AuditReport).copies);
