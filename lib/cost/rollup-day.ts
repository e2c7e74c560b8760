import { createHash } from 'node:crypto';
import type { Log } from '../model/log.js';
import { RUN_DEFAULTS } from './constants.js';
import { CostReportBuilder } from './cost-report-builder.js';
import { InvalidRollupObjectError } from './errors.js';
import { hoursOfDay } from './hours.js';
import { mapLimit } from './map-limit.js';
import { renderCostCsv } from './render-csv.js';
import { renderCostMarkdown } from './render-markdown.js';
import { RollupBuilder } from './rollup-builder.js';
import { type HourManifest, rollupHour } from './rollup-hour.js';
import { costReportKey, dailyManifestKey, dailyRollupKey, hourlyRollupKey } from './rollup-keys.js';
import type { RollupStore } from './rollup-store.js';
import {
  type CostReport,
  type PriceTable,
  ROLLUP_SCHEMA_VERSION,
  type Rollup,
  type TrailPricingResolver,
} from './types.js';

/** What a day's rollups and report were built from: a digest of each hourly manifest. */
export type DayManifest = {
  schemaVersion: typeof ROLLUP_SCHEMA_VERSION;
  day: string;
  hours: Record<string, string>;
  accounts: number;
};

/** What rollupDay needs: the store, prices and copy plan, and optionally a publisher. */
export type RollupDayOptions = {
  store: RollupStore;
  log: Log;
  prices: PriceTable;
  pricingOf: TrailPricingResolver;
  /** Rebuild the hourly rollups and the day even when nothing changed. */
  rebuild?: boolean;
  accountConcurrency?: number;
  readConcurrency?: number;
  /** Optional short summary out (SNS through the alerts area, chat…). */
  publish?: (report: CostReport) => Promise<void>;
};

/** What one day's run did. */
export type RollupDayResult = {
  day: string;
  /** True when the hourly manifests matched the day's manifest and nothing was rewritten. */
  unchanged: boolean;
  /** Summaries read while re-checking the day's 24 hours (late files). */
  lateSummariesRead: number;
  accounts: number;
  hourlyRollupsRead: number;
  report?: CostReport;
};

const digestManifest = (manifest: HourManifest | undefined): string =>
  manifest === undefined
    ? '-'
    : createHash('sha256').update(JSON.stringify(manifest.accounts)).digest('hex').slice(0, 16);

const sameHours = (a: Record<string, string>, b: Record<string, string> | undefined): boolean =>
  b !== undefined && Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([h, d]) => b[h] === d);

/**
 * Builds one day: re-checks the day's 24 delivery hours for late summaries (one listing each;
 * see rollupHour), folds each account's hourly rollups into its daily rollup, and writes the
 * day's cost report as JSON, CSV and Markdown. If the 24 hourly manifests are what the day was
 * last built from, nothing is read or written beyond the listings: re-running is free and gives
 * the same objects.
 *
 * Accounts are folded into the report in account order, whatever order reads finish in, so
 * the report's floating-point sums are the same on every run.
 *
 * @param day - `YYYY-MM-DD` (UTC; files by delivery time, as CloudTrail bills deliveries)
 * @throws TransientError when S3 keeps failing; InvalidRollupObjectError for corrupt rollups
 * @example
 * await rollupDay('2026-01-02', { store, log, prices: DEFAULT_PRICES, pricingOf: trailPricingResolver() });
 */
export const rollupDay = async (day: string, options: RollupDayOptions): Promise<RollupDayResult> => {
  const { store, log } = options;
  const manifests = new Map<string, HourManifest>();
  let lateSummariesRead = 0;
  for (const hour of hoursOfDay(day)) {
    const result = await rollupHour(hour, {
      store,
      log,
      rebuild: options.rebuild,
      accountConcurrency: options.accountConcurrency,
      readConcurrency: options.readConcurrency,
    });
    lateSummariesRead += result.summariesRead;
    if (result.listed > 0 || Object.keys(result.manifest.accounts).length > 0) manifests.set(hour, result.manifest);
  }
  const hours = Object.fromEntries(hoursOfDay(day).map((h) => [h, digestManifest(manifests.get(h))]));
  const previous = (await store.getJson(dailyManifestKey(day))) as DayManifest | undefined;
  if (!options.rebuild && sameHours(hours, previous?.hours)) {
    return { day, unchanged: true, lateSummariesRead, accounts: previous?.accounts ?? 0, hourlyRollupsRead: 0 };
  }

  const accountHours = new Map<string, string[]>();
  for (const [hour, manifest] of manifests) {
    for (const account of Object.keys(manifest.accounts))
      accountHours.set(account, [...(accountHours.get(account) ?? []), hour]);
  }
  const accounts = [...accountHours.keys()].sort();
  const report = new CostReportBuilder(day, options.prices, options.pricingOf);
  const batch = options.accountConcurrency ?? RUN_DEFAULTS.accountConcurrency;
  let hourlyRollupsRead = 0;
  for (let i = 0; i < accounts.length; i += batch) {
    const dailies = await mapLimit(accounts.slice(i, i + batch), batch, async (account) => {
      const builder = new RollupBuilder('daily', day, account);
      const hourKeys = (accountHours.get(account) ?? []).map((h) => hourlyRollupKey(h, account));
      const hourly = await mapLimit(hourKeys, options.readConcurrency ?? RUN_DEFAULTS.readConcurrency, (key) =>
        store.getJson(key)
      );
      hourly.forEach((value, n) => {
        const r = value as Partial<Rollup> | undefined;
        if (r?.schemaVersion !== ROLLUP_SCHEMA_VERSION || !Array.isArray(r.rows)) {
          throw new InvalidRollupObjectError(
            store.bucket,
            hourKeys[n] as string,
            'hourly rollup missing or of another shape'
          );
        }
        builder.addRollup(r as Rollup);
      });
      hourlyRollupsRead += hourKeys.length;
      const daily = builder.build();
      await store.putJson(dailyRollupKey(day, account), daily);
      return daily;
    });
    for (const daily of dailies) report.add(daily);
  }
  const built = report.report();
  await store.putJson(costReportKey(day, 'json'), built);
  await store.putText(costReportKey(day, 'csv'), renderCostCsv(built), 'text/csv; charset=utf-8');
  await store.putText(costReportKey(day, 'md'), renderCostMarkdown(built), 'text/markdown; charset=utf-8');
  // Published before the manifest, so a failed publish is retried with the rebuild.
  if (options.publish) await options.publish(built);
  const manifest: DayManifest = { schemaVersion: ROLLUP_SCHEMA_VERSION, day, hours, accounts: accounts.length };
  await store.putJson(dailyManifestKey(day), manifest);
  log.info('daily cost report written', {
    day,
    accounts: accounts.length,
    events: built.events,
    totalCostUsd: built.totalCostUsd,
  });
  return { day, unchanged: false, lateSummariesRead, accounts: accounts.length, hourlyRollupsRead, report: built };
};
