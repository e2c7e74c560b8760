import { DAILY_PREFIX, HOURLY_PREFIX, MANIFEST_NAME, REPORTS_PREFIX, SUMMARIES_PREFIX } from './constants.js';
import { dayPath, hourPath } from './hours.js';

/*
 * The results-bucket layout of the rollup (docs/rollup-design.md):
 *   summaries/YYYY/MM/DD/HH/<account>/<region>/<file>.json   per-file summaries (ingest), by delivery hour
 *   rollups/hourly/YYYY/MM/DD/HH/<account>.json              one account's files of one delivery hour
 *   rollups/hourly/YYYY/MM/DD/HH/_manifest.json              per account: files folded and their digest
 *   rollups/daily/YYYY/MM/DD/<account>.json                  one account's day
 *   rollups/daily/YYYY/MM/DD/_manifest.json                  digests of the 24 hourly manifests used
 *   reports/cost/YYYY/MM/DD/cost.{json,csv,md}               the day's report
 */

/** The prefix an hourly run lists: every summary delivered in that hour. */
export const summariesPrefix = (hour: string): string => `${SUMMARIES_PREFIX}${hourPath(hour)}/`;

/**
 * The account of a summary key (`summaries/YYYY/MM/DD/HH/<account>/<region>/<file>.json`),
 * or undefined for a key of another shape (such keys are not folded).
 */
export const accountOfSummaryKey = (key: string): string | undefined => {
  const parts = key.split('/');
  if (parts.length !== 8 || parts[0] !== 'summaries' || !key.endsWith('.json')) return undefined;
  const account = parts[5];
  return account && parts[6] ? account : undefined;
};

/** One account's rollup of one delivery hour. */
export const hourlyRollupKey = (hour: string, account: string): string =>
  `${HOURLY_PREFIX}${hourPath(hour)}/${account}.json`;
/** The manifest of a delivery hour's rollups. */
export const hourlyManifestKey = (hour: string): string => `${HOURLY_PREFIX}${hourPath(hour)}/${MANIFEST_NAME}`;
/** One account's daily rollup. */
export const dailyRollupKey = (day: string, account: string): string =>
  `${DAILY_PREFIX}${dayPath(day)}/${account}.json`;
/** What a day's rollups and report were built from. */
export const dailyManifestKey = (day: string): string => `${DAILY_PREFIX}${dayPath(day)}/${MANIFEST_NAME}`;
/** The day's cost report in one format. */
export const costReportKey = (day: string, format: 'json' | 'csv' | 'md'): string =>
  `${REPORTS_PREFIX}${dayPath(day)}/cost.${format}`;
