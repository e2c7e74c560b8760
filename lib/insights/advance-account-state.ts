import type { Alert } from '../model/alert.js';
import { addHours, hourAt, hourIndex } from '../cost/hours.js';
import { computeBaseline } from './baseline.js';
import { DEFAULT_DETECTOR_CONFIG } from './constants.js';
import { insightAlert, insightEvent, sharedEventIdOf } from './insight-event.js';
import { parseSeriesId } from './series-of-rollup.js';
import {
  type AccountState,
  DETECTOR_STATE_VERSION,
  type DetectorConfig,
  type InsightEvent,
  type SeriesCounts,
} from './types.js';

/** What one step of the detector did for an account. */
export type AdvanceResult = {
  state: AccountState;
  events: InsightEvent[];
  alerts: Alert[];
  /** eventTime hours evaluated. */
  evaluated: string[];
  /** Contributions of delivery hours already settled (too late to count; logged by the caller). */
  tooLate: number;
};

/** Series id → eventTime hour index → count. */
type Series = Map<string, Map<number, number>>;

const addCounts = (into: Series, counts: SeriesCounts): void => {
  for (const [id, hours] of Object.entries(counts)) {
    let m = into.get(id);
    if (!m) {
      m = new Map();
      into.set(id, m);
    }
    for (const [hour, n] of Object.entries(hours)) {
      const h = hourIndex(hour);
      m.set(h, (m.get(h) ?? 0) + n);
    }
  }
};

/** Adds counts into the dense settled arrays (index 0 = `from`); hours before `from` are dropped. */
const settle = (settled: Record<string, number[]>, from: number, counts: SeriesCounts): void => {
  for (const [id, hours] of Object.entries(counts)) {
    const arr = settled[id] ?? [];
    for (const [hour, n] of Object.entries(hours)) {
      const i = hourIndex(hour) - from;
      if (i < 0) continue;
      while (arr.length <= i) arr.push(0);
      arr[i] = (arr[i] as number) + n;
    }
    settled[id] = arr;
  }
};

/** Re-bases the dense arrays from `from` to `to`, trimming trailing zeros and empty series. */
const rebase = (settled: Record<string, number[]>, from: number, to: number): Record<string, number[]> => {
  const out: Record<string, number[]> = {};
  for (const id of Object.keys(settled).sort()) {
    const arr = settled[id] as number[];
    let moved = to >= from ? arr.slice(to - from) : [...new Array<number>(from - to).fill(0), ...arr];
    let last = moved.length - 1;
    while (last >= 0 && moved[last] === 0) last--;
    if (last < 0) continue;
    if (last < moved.length - 1) moved = moved.slice(0, last + 1);
    out[id] = moved;
  }
  return out;
};

/** A fresh state whose history begins at `firstHour`. */
export const newAccountState = (
  account: string,
  firstHour: string,
  throughHour: string,
  config: DetectorConfig = DEFAULT_DETECTOR_CONFIG
): AccountState => ({
  schemaVersion: DETECTOR_STATE_VERSION,
  account,
  firstHour,
  throughHour,
  evaluatedThrough: addHours(throughHour, -config.settleHours - 1),
  settledThrough: addHours(throughHour, -config.recentHours),
  settledFrom: addHours(throughHour, -config.recentHours),
  settled: {},
  recent: {},
  digests: {},
  open: {},
});

/**
 * One detector step for one account: takes the series of the delivery hours whose rollups
 * changed, moves the account's window forward to `throughHour`, and evaluates each eventTime
 * hour not evaluated yet (normally one: `throughHour − settleHours`, whose events have all been
 * delivered) on every series, against its trailing baseline (see computeBaseline).
 *
 * A series starts an insight when its hour is at or above the minimum volume, `startSigma`
 * noise units above the expected count and `minRatio` times it; an open insight ends at the
 * first hour back within `endSigma` units or under the minimum volume. Pure: the caller loads
 * and saves the state, and sends the alerts before saving, so a failed run re-sends the same
 * alert ids and never loses one.
 *
 * Idempotent: contributions replace the delivery hour's previous ones, hours are evaluated once,
 * and a step for an hour at or before `throughHour` evaluates nothing new.
 *
 * @param contributions - delivery hour → series of that hour's rollup (see seriesOfRollup)
 * @example
 * const { state: next, alerts } = advanceAccountState(state, '111122223333', new Map([[hour, seriesOfRollup(rollup)]]), hour);
 */
export const advanceAccountState = (
  previous: AccountState | undefined,
  account: string,
  contributions: ReadonlyMap<string, SeriesCounts>,
  throughHour: string,
  config: DetectorConfig = DEFAULT_DETECTOR_CONFIG
): AdvanceResult => {
  const first = [...contributions.keys(), throughHour].sort()[0] as string;
  const state: AccountState = previous
    ? structuredClone(previous)
    : newAccountState(account, first, throughHour, config);
  let tooLate = 0;
  for (const [hour, counts] of [...contributions].sort(([a], [b]) => a.localeCompare(b))) {
    if (hour <= state.settledThrough) {
      tooLate++;
      continue;
    }
    state.recent[hour] = counts;
    if (hour < state.firstHour) state.firstHour = hour;
  }
  if (throughHour > state.throughHour) state.throughHour = throughHour;

  // Settle delivery hours that no run will recompute any more.
  const from = hourIndex(state.settledFrom);
  const settleThrough = addHours(state.throughHour, -config.recentHours);
  for (const hour of Object.keys(state.recent).sort()) {
    if (hour > settleThrough) break;
    settle(state.settled, from, state.recent[hour] as SeriesCounts);
    delete state.recent[hour];
  }
  state.digests ??= {};
  for (const hour of Object.keys(state.digests)) if (hour <= settleThrough) delete state.digests[hour];
  if (settleThrough > state.settledThrough) state.settledThrough = settleThrough;
  const recent: Series = new Map();
  for (const counts of Object.values(state.recent)) addCounts(recent, counts);
  const countAt = (id: string, h: number): number =>
    (state.settled[id]?.[h - from] ?? 0) + (recent.get(id)?.get(h) ?? 0);
  const valuesOf = (id: string, first: number, count: number): number[] => {
    const arr = state.settled[id] ?? [];
    const out = new Array<number>(count).fill(0);
    const lo = Math.max(0, first - from);
    const hi = Math.min(arr.length, first - from + count);
    for (let k = lo; k < hi; k++) out[k + from - first] = arr[k] as number;
    for (const [h, n] of recent.get(id) ?? [])
      if (h >= first && h < first + count) out[h - first] = (out[h - first] as number) + n;
    return out;
  };

  const events: InsightEvent[] = [];
  const alerts: Alert[] = [];
  const evaluated: string[] = [];
  const to = hourIndex(state.throughHour) - config.settleHours;
  const firstToEvaluate = Math.max(hourIndex(state.evaluatedThrough) + 1, to - config.maxCatchUpHours + 1);
  const historyStart = hourIndex(state.firstHour);
  for (let e = firstToEvaluate; e <= to; e++) {
    evaluated.push(hourAt(e));
    if (e - historyStart < config.minHistoryHours) continue;
    const ids = new Set([...Object.keys(state.settled), ...recent.keys(), ...Object.keys(state.open)]);
    for (const id of [...ids].sort()) {
      const x = countAt(id, e);
      const open = state.open[id];
      const parts = parseSeriesId(id);
      const minimum = parts.insightType === 'ApiCallRateInsight' ? config.minCallsPerHour : config.minErrorsPerHour;
      // An hour under the minimum can only end an insight: skip the baseline for the rest.
      if (!open && x < minimum) continue;
      const start = Math.max(historyStart, e - config.baselineHours);
      const window = valuesOf(id, start, e - start);
      const baseline = computeBaseline(window);
      const hour = hourAt(e);
      if (!open) {
        if (x >= baseline.expected + config.startSigma * baseline.noise && x >= config.minRatio * baseline.expected) {
          const opened = {
            ...parts,
            startHour: hour,
            lastHour: hour,
            total: x,
            baselinePerHour: baseline.expected,
            baselineMinutes: baseline.hours * 60,
            sharedEventID: sharedEventIdOf(account, id, hour),
          };
          state.open[id] = opened;
          const event = insightEvent(account, opened, 'Start', hour, x);
          events.push(event);
          alerts.push(insightAlert(event, opened, x));
        }
      } else if (x < minimum || x <= baseline.expected + config.endSigma * baseline.noise) {
        const hours = e - hourIndex(open.startHour);
        const event = insightEvent(account, open, 'End', hour, open.total / Math.max(1, hours));
        events.push(event);
        alerts.push(insightAlert(event, open, open.total));
        delete state.open[id];
      } else {
        open.total += x;
        open.lastHour = hour;
      }
    }
  }
  if (evaluated.length > 0) state.evaluatedThrough = hourAt(Math.max(hourIndex(state.evaluatedThrough), to));

  // Keep what the next baselines need: baselineHours behind the oldest hour still to evaluate.
  const keepFrom = hourIndex(state.evaluatedThrough) + 1 - config.baselineHours;
  state.settled = rebase(state.settled, from, keepFrom);
  state.settledFrom = hourAt(keepFrom);
  return { state, events, alerts, evaluated, tooLate };
};
