import { z } from 'zod';
import { LATEST_KEY } from '../trails/constants.js';
import type { AlertSink } from '../model/alert.js';
import { ConfigError, UnknownEventError } from '../model/errors.js';
import { DEFAULT_DETECTOR_CONFIG } from '../insights/constants.js';
import { type RunInsightsResult, runInsights } from '../insights/run-insights.js';
import { seriesOfRollup } from '../insights/series-of-rollup.js';
import type { DetectorConfig, SeriesCounts } from '../insights/types.js';
import type { Log } from '../model/log.js';
import { RUN_DEFAULTS } from '../cost/constants.js';
import { publishCostSummary } from '../cost/cost-summary-message.js';
import { addDays, addHours, hourOf, isDay, isHour } from '../cost/hours.js';
import type { CostSettings } from '../cost/price-table.js';
import { type RollupDayResult, rollupDay } from '../cost/rollup-day.js';
import { type RollupHourResult, rollupHour } from '../cost/rollup-hour.js';
import type { RollupStore } from '../cost/rollup-store.js';
import { isAuditReport, planFromAudit } from '../cost/plan-from-audit.js';
import { trailPricingResolver } from '../cost/trail-pricing.js';

const REQUEST = z.object({
  mode: z.enum(['hourly', 'daily']),
  hour: z.string().refine(isHour, 'hour must be YYYY-MM-DDTHH').optional(),
  day: z.string().refine(isDay, 'day must be YYYY-MM-DD').optional(),
  lookbackHours: z.number().int().min(0).max(48).optional(),
  lookbackDays: z.number().int().min(0).max(7).optional(),
  rebuild: z.boolean().optional(),
});

/** What a scheduled invocation asks for: the schedule's `input`, e.g. `{"mode":"hourly"}`. */
export type RollupRequest = z.infer<typeof REQUEST>;

/**
 * Reads the scheduled event (the EventBridge schedule's constant input).
 * @throws UnknownEventError naming what is wrong, e.g. a schedule without `input`
 */
export const parseRollupRequest = (event: unknown): RollupRequest => {
  const parsed = REQUEST.safeParse(event);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; ');
    throw new UnknownEventError(`rollup expects {"mode":"hourly"|"daily", …} as the schedule input: ${why}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
};

/** Edges of a run: store, alert sink, logger, cost settings, optional detector config and publisher. */
export type RollupDeps = {
  store: RollupStore;
  sink: AlertSink;
  log: Log;
  settings: CostSettings;
  detector?: DetectorConfig;
  now?: () => Date;
  /** Optional: where the daily summary goes (SNS through the alerts area). */
  publish?: (subject: string, message: string) => Promise<void>;
};

/** What a run did, per hour or per day. */
export type RollupRunResult =
  | { mode: 'hourly'; hours: RollupHourResult[]; insights: RunInsightsResult }
  | { mode: 'daily'; days: RollupDayResult[] };

/**
 * One scheduled run.
 *
 * `hourly` (default target: the last complete delivery hour) brings the hourly rollups of the
 * target hour and the `lookbackHours` before it up to date (late summaries), then advances the
 * anomaly detector. `daily` (default target: yesterday, UTC) re-checks each hour of the day and
 * the `lookbackDays` before it, and rebuilds a day's rollups and report only when an hour changed.
 *
 * @throws ConfigError when the lookback would outrun the detector's recomputable window
 * @example
 * await runRollup({ mode: 'hourly' }, { store, sink: consoleSink(), log: logger, settings: loadCostSettings(process.env) });
 */
export const runRollup = async (request: RollupRequest, deps: RollupDeps): Promise<RollupRunResult> => {
  const now = deps.now?.() ?? new Date();
  const detector = deps.detector ?? DEFAULT_DETECTOR_CONFIG;
  if (request.mode === 'hourly') {
    const target = request.hour ?? hourOf(new Date(now.getTime() - 3_600_000));
    const lookback = request.lookbackHours ?? RUN_DEFAULTS.lookbackHours;
    if (lookback >= detector.recentHours) {
      throw new ConfigError(
        `lookbackHours ${lookback} must be below the detector's recentHours ${detector.recentHours}`
      );
    }
    const fresh = new Map<string, SeriesCounts>();
    const hours: RollupHourResult[] = [];
    for (let back = lookback; back >= 0; back--) {
      const hour = addHours(target, -back);
      hours.push(
        await rollupHour(hour, {
          store: deps.store,
          log: deps.log,
          rebuild: request.rebuild,
          onChanged: (account, rollup) => fresh.set(`${account}|${hour}`, seriesOfRollup(rollup)),
        })
      );
    }
    deps.log.info('hourly rollups updated', {
      hour: target,
      summariesRead: hours.reduce((n, h) => n + h.summariesRead, 0),
      accountsChanged: hours.reduce((n, h) => n + h.changed.length, 0),
    });
    const window = hours.map((h) => ({ hour: h.hour, manifest: h.manifest }));
    const insights = await runInsights(target, window, fresh, {
      store: deps.store,
      sink: deps.sink,
      log: deps.log,
      config: detector,
    });
    return { mode: 'hourly', hours, insights };
  }
  const target = request.day ?? addDays(now.toISOString().slice(0, 10), -1);
  const lookbackDays = request.lookbackDays ?? RUN_DEFAULTS.lookbackDays;
  // The trail audit knows which trail is the free first copy in each account and region.
  const audit = await deps.store.getJson(LATEST_KEY);
  const plan = isAuditReport(audit) ? planFromAudit(audit, deps.settings.plan) : deps.settings.plan;
  if (isAuditReport(audit))
    deps.log.info('copy labels from the trail audit', { takenAt: audit.takenAt, labels: audit.copies.length });
  const pricingOf = trailPricingResolver(plan);
  const publish = deps.publish;
  const days: RollupDayResult[] = [];
  for (let back = lookbackDays; back >= 0; back--) {
    days.push(
      await rollupDay(addDays(target, -back), {
        store: deps.store,
        log: deps.log,
        prices: deps.settings.prices,
        pricingOf,
        rebuild: request.rebuild,
        ...(publish && { publish: (report) => publishCostSummary(report, publish) }),
      })
    );
  }
  return { mode: 'daily', days };
};

/** A compact, loggable account of a rollup run: what the handler returns (not the whole reports). */
export const rollupBrief = (result: RollupRunResult) =>
  result.mode === 'hourly'
    ? {
        mode: 'hourly',
        hours: result.hours.map((h) => ({
          hour: h.hour,
          listed: h.listed,
          changed: h.changed.length,
          summariesRead: h.summariesRead,
        })),
        insights: result.insights,
      }
    : {
        mode: 'daily',
        days: result.days.map((d) => ({
          day: d.day,
          unchanged: d.unchanged,
          accounts: d.accounts,
          events: d.report?.events,
          totalCostUsd: d.report?.totalCostUsd,
        })),
      };
