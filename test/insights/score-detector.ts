import { RollupBuilder } from '../../lib/cost/rollup-builder.js';
import { addHours, hoursBetween } from '../../lib/cost/hours.js';
import { advanceAccountState } from '../../lib/insights/advance-account-state.js';
import { DEFAULT_DETECTOR_CONFIG } from '../../lib/insights/constants.js';
import { seriesOfRollup } from '../../lib/insights/series-of-rollup.js';
import type { AccountState, DetectorConfig, InsightEvent, SeriesCounts } from '../../lib/insights/types.js';
import { type GeneratedSeries, generateSeries, summariesOf } from './generated-series.js';

export type Score = {
  spikes: number;
  detected: number;
  /** Spikes that reach the minimum volume, and how many of those were found. */
  pageableSpikes: number;
  pageableDetected: number;
  pageableRecall: number;
  starts: number;
  truePositives: number;
  ends: number;
  /** Share of found spikes whose insight ended 0–2 hours after the spike's last hour. */
  endsWithinTwoHours: number;
  precision: number;
  recall: number;
  falsePositives: Array<{ series: string; hour: string }>;
  missed: Array<{ series: string; start: string; extra: number; base: number; pageable: boolean }>;
  byKind: Record<string, { spikes: number; detected: number; starts: number; truePositives: number }>;
};

/**
 * Runs the detector hour by hour over generated series (summaries → hourly rollups → series →
 * account state, as the scheduled run does, re-applying the lookback hours each time) and scores
 * its Start events against the injected spikes.
 */
export const scoreDetector = (options: {
  seed: number;
  days?: number;
  config?: DetectorConfig;
  lookbackHours?: number;
}): Score & { events: InsightEvent[] } => {
  const days = options.days ?? 14;
  const start = '2026-01-01T00';
  const hours = days * 24;
  const config = options.config ?? DEFAULT_DETECTOR_CONFIG;
  const series = generateSeries({
    seed: options.seed,
    days,
    start,
    baselineDays: 7,
    minCalls: config.minCallsPerHour,
    minErrors: config.minErrorsPerHour,
  });
  const summaries = summariesOf(series, start, hours);
  const lookback = options.lookbackHours ?? 3;
  const rollups = new Map<string, SeriesCounts>();
  const states = new Map<string, AccountState>();
  const events: InsightEvent[] = [];
  for (let d = 0; d < hours; d++) {
    const delivery = addHours(start, d);
    const builders = new Map<string, RollupBuilder>();
    for (const s of summaries.get(d) ?? []) {
      const account = s.accountId as string;
      const b = builders.get(account) ?? new RollupBuilder('hourly', delivery, account);
      b.addSummary(s, s.key);
      builders.set(account, b);
    }
    for (const [account, b] of builders) rollups.set(`${account}|${delivery}`, seriesOfRollup(b.build()));
    for (const account of new Set(series.map((s) => s.account))) {
      const contributions = new Map<string, SeriesCounts>();
      for (let back = lookback; back >= 0; back--) {
        const h = addHours(delivery, -back);
        const c = rollups.get(`${account}|${h}`);
        if (c) contributions.set(h, c);
      }
      const result = advanceAccountState(states.get(account), account, contributions, delivery, config);
      states.set(account, result.state);
      events.push(...result.events);
    }
  }
  return { ...score(series, events, start), events };
};

const apiOf = (s: { account: string; region: string; eventSource: string; eventName: string }) =>
  `${s.account}|${s.region}|${s.eventSource}|${s.eventName}`;

const score = (series: GeneratedSeries[], events: InsightEvent[], start: string): Score => {
  const starts = events.filter((e) => e.insightDetails.state === 'Start');
  const covers = (s: GeneratedSeries, h: number) => s.spikes.some((p) => h >= p.start && h <= p.end);
  const byKind: Score['byKind'] = {};
  const kindOf = (s: GeneratedSeries) => `${s.errorCode ? 'error' : 'call'}:${s.kind}`;
  const bump = (kind: string, field: keyof Score['byKind'][string]) => {
    byKind[kind] ??= { spikes: 0, detected: 0, starts: 0, truePositives: 0 };
    byKind[kind][field]++;
  };
  const falsePositives: Score['falsePositives'] = [];
  let truePositives = 0;
  for (const e of starts) {
    const d = e.insightDetails;
    const h = hoursBetween(start, e.eventTime.slice(0, 13));
    const api = `${e.recipientAccountId}|${e.awsRegion}|${d.eventSource}|${d.eventName}`;
    const candidates = series.filter(
      (s) => apiOf(s) === api && (d.insightType === 'ApiCallRateInsight' || s.errorCode === d.errorCode)
    );
    const own = candidates.find((s) => (d.insightType === 'ApiCallRateInsight' ? !s.errorCode : true)) ?? candidates[0];
    if (own) bump(kindOf(own), 'starts');
    if (candidates.some((s) => covers(s, h))) {
      truePositives++;
      if (own) bump(kindOf(own), 'truePositives');
    } else falsePositives.push({ series: `${api}|${d.insightType}|${d.errorCode ?? ''}`, hour: e.eventTime });
  }
  let spikes = 0;
  let detected = 0;
  let pageableSpikes = 0;
  let pageableDetected = 0;
  const endLags: number[] = [];
  const missed: Score['missed'] = [];
  for (const s of series) {
    for (const p of s.spikes) {
      spikes++;
      if (p.pageable) pageableSpikes++;
      bump(kindOf(s), 'spikes');
      const found = starts.find((e) => {
        const d = e.insightDetails;
        const h = hoursBetween(start, e.eventTime.slice(0, 13));
        const type = s.errorCode ? 'ApiErrorRateInsight' : 'ApiCallRateInsight';
        return (
          `${e.recipientAccountId}|${e.awsRegion}|${d.eventSource}|${d.eventName}` === apiOf(s) &&
          d.insightType === type &&
          (!s.errorCode || d.errorCode === s.errorCode) &&
          h >= p.start &&
          h <= p.end
        );
      });
      if (found) {
        const end = events.find((e) => e.sharedEventID === found.sharedEventID && e.insightDetails.state === 'End');
        if (end) endLags.push(hoursBetween(start, end.eventTime.slice(0, 13)) - (p.end + 1));
        detected++;
        if (p.pageable) pageableDetected++;
        bump(kindOf(s), 'detected');
      } else
        missed.push({
          series: `${apiOf(s)}|${s.errorCode ?? ''}`,
          start: addHours(start, p.start),
          extra: p.extra,
          base: s.rate(p.start),
          pageable: p.pageable,
        });
    }
  }
  return {
    spikes,
    detected,
    pageableSpikes,
    pageableDetected,
    pageableRecall: pageableSpikes > 0 ? pageableDetected / pageableSpikes : 1,
    starts: starts.length,
    truePositives,
    ends: events.length - starts.length,
    endsWithinTwoHours: endLags.length > 0 ? endLags.filter((l) => l >= 0 && l <= 2).length / endLags.length : 1,
    precision: starts.length > 0 ? truePositives / starts.length : 1,
    recall: spikes > 0 ? detected / spikes : 1,
    falsePositives,
    missed,
    byKind,
  };
};
