import type { Rollup } from '../cost/types.js';
import type { InsightType, SeriesCounts } from './types.js';

/** The id of a detector series (see SeriesCounts). */
export const seriesId = (
  type: InsightType,
  region: string,
  eventSource: string,
  eventName: string,
  errorCode?: string
): string =>
  type === 'ApiErrorRateInsight'
    ? `${type}|${region}|${eventSource}|${eventName}|${errorCode ?? ''}`
    : `${type}|${region}|${eventSource}|${eventName}`;

/** The parts of a series id. */
export const parseSeriesId = (
  id: string
): { insightType: InsightType; region: string; eventSource: string; eventName: string; errorCode?: string } => {
  const [insightType, region = '', eventSource = '', eventName = '', ...rest] = id.split('|');
  return {
    insightType: insightType as InsightType,
    region,
    eventSource,
    eventName,
    ...(insightType === 'ApiErrorRateInsight' && { errorCode: rest.join('|') }),
  };
};

/**
 * What CloudTrail Insights analyses, taken from one hourly rollup: write management calls
 * (call-rate series) and failed management calls by errorCode (error-rate series), per region,
 * eventSource and eventName, by eventTime hour.
 *
 * When several trails deliver the same account's events (a first and an additional copy), the
 * largest trail's count is taken rather than the sum, so copies do not double the rate.
 */
export const seriesOfRollup = (rollup: Rollup): SeriesCounts => {
  const perTrail = new Map<string, Map<string, number>>();
  const add = (trail: string, id: string, hour: string, count: number) => {
    const key = `${id}\u0000${hour}`;
    let trails = perTrail.get(key);
    if (!trails) {
      trails = new Map();
      perTrail.set(key, trails);
    }
    trails.set(trail, (trails.get(trail) ?? 0) + count);
  };
  for (const r of rollup.rows) {
    if (r.eventCategory === 'Management' && r.readOnly === false && r.hour && r.hour !== 'unknown') {
      add(r.trail, seriesId('ApiCallRateInsight', r.region, r.eventSource, r.eventName), r.hour, r.count);
    }
  }
  for (const e of rollup.errors) {
    if (e.eventCategory === 'Management' && e.hour && e.hour !== 'unknown') {
      add(e.trail, seriesId('ApiErrorRateInsight', e.region, e.eventSource, e.eventName, e.errorCode), e.hour, e.count);
    }
  }
  const out: SeriesCounts = {};
  for (const [key, trails] of [...perTrail].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const [id, hour] = key.split('\u0000') as [string, string];
    const series = out[id] ?? {};
    series[hour] = Math.max(...trails.values());
    out[id] = series;
  }
  return out;
};
