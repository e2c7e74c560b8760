import type { AlertSink } from '../model/alert.js';
import { InvalidRollupObjectError } from '../cost/errors.js';
import { mapLimit } from '../cost/map-limit.js';
import type { HourManifest } from '../cost/rollup-hour.js';
import { hourlyRollupKey } from '../cost/rollup-keys.js';
import type { RollupStore } from '../cost/rollup-store.js';
import type { Rollup } from '../cost/types.js';
import type { Log } from '../model/log.js';
import { advanceAccountState } from './advance-account-state.js';
import { DEFAULT_DETECTOR_CONFIG, STATE_PREFIX, stateKey } from './constants.js';
import { seriesOfRollup } from './series-of-rollup.js';
import { type AccountState, DETECTOR_STATE_VERSION, type DetectorConfig, type SeriesCounts } from './types.js';

/** Edges of the detector step. */
export type RunInsightsOptions = {
  store: RollupStore;
  sink: AlertSink;
  log: Log;
  config?: DetectorConfig;
  accountConcurrency?: number;
};

/** What the detector step did over all accounts. */
export type RunInsightsResult = {
  accounts: number;
  /** eventTime hours evaluated (per account; the most any account evaluated). */
  evaluatedHours: number;
  started: number;
  ended: number;
  /** Insights open after the run, over all accounts. */
  open: number;
  /** Contributions that arrived after their delivery hour was settled. */
  tooLate: number;
  /** Hourly rollups read because they changed outside this run (the daily run, a failed run). */
  rollupsRead: number;
};

/** The delivery hours a run covers, with their manifests after the rollup step. */
export type InsightsWindow = Array<{ hour: string; manifest: HourManifest }>;

/**
 * Reads one account's detector state.
 * @throws InvalidRollupObjectError when the object is not a state of this version for the account
 */
export const readAccountState = async (store: RollupStore, account: string): Promise<AccountState | undefined> => {
  const key = stateKey(account);
  const value = (await store.getJson(key)) as Partial<AccountState> | undefined;
  if (value === undefined) return undefined;
  if (
    value.schemaVersion !== DETECTOR_STATE_VERSION ||
    value.account !== account ||
    typeof value.settled !== 'object' ||
    typeof value.open !== 'object'
  ) {
    throw new InvalidRollupObjectError(
      store.bucket,
      key,
      `not a detector state (version ${DETECTOR_STATE_VERSION}) of account ${account}`
    );
  }
  return value as AccountState;
};

/**
 * The detector's scheduled step: for every account with state or with hourly rollups in the
 * window, loads its state from the results bucket, feeds it each hourly rollup of the window it
 * has not seen in its current version (manifest digest), advances it to `throughHour`
 * (advanceAccountState), sends the Insights alerts, then saves the state. Rollups written in
 * this run come from `fresh`; ones rewritten elsewhere (the daily run's late files, a run that
 * failed after writing) are read. Alerts go out before the state is saved, so a failure re-sends
 * the same alert ids on the next run instead of losing an insight start or end.
 *
 * @param throughHour - the newest delivery hour the rollups cover
 * @param window - the delivery hours of the run and their manifests, oldest first
 * @param fresh - `account|hour` → series of the rollups written in this run
 * @throws the sink's error when alerts cannot be delivered; TransientError when S3 keeps failing
 */
export const runInsights = async (
  throughHour: string,
  window: InsightsWindow,
  fresh: ReadonlyMap<string, SeriesCounts>,
  options: RunInsightsOptions
): Promise<RunInsightsResult> => {
  const { store, sink, log } = options;
  const accounts = new Set<string>();
  const stored = new Set<string>();
  for await (const key of store.list(STATE_PREFIX)) {
    const name = key.slice(STATE_PREFIX.length);
    if (name.endsWith('.json') && !name.includes('/')) stored.add(name.slice(0, -'.json'.length));
  }
  for (const account of stored) accounts.add(account);
  for (const { manifest } of window) for (const account of Object.keys(manifest.accounts)) accounts.add(account);
  const result: RunInsightsResult = {
    accounts: accounts.size,
    evaluatedHours: 0,
    started: 0,
    ended: 0,
    open: 0,
    tooLate: 0,
    rollupsRead: 0,
  };
  await mapLimit([...accounts].sort(), options.accountConcurrency ?? 8, async (account) => {
    // Read even when the listing did not show it: a listing is no proof that a state is absent.
    const previous = await readAccountState(store, account);
    const contributions = new Map<string, SeriesCounts>();
    const digests: Record<string, string> = {};
    for (const { hour, manifest } of window) {
      const entry = manifest.accounts[account];
      if (entry === undefined || previous?.digests?.[hour] === entry.digest) continue;
      if (previous !== undefined && hour <= previous.settledThrough) continue;
      let series = fresh.get(`${account}|${hour}`);
      if (series === undefined) {
        const key = hourlyRollupKey(hour, account);
        const rollup = (await store.getJson(key)) as Rollup | undefined;
        if (rollup?.schemaVersion !== 1 || !Array.isArray(rollup.rows))
          throw new InvalidRollupObjectError(store.bucket, key, 'hourly rollup missing or of another shape');
        series = seriesOfRollup(rollup);
        result.rollupsRead++;
      }
      contributions.set(hour, series);
      digests[hour] = entry.digest;
    }
    const step = advanceAccountState(
      previous,
      account,
      contributions,
      throughHour,
      options.config ?? DEFAULT_DETECTOR_CONFIG
    );
    for (const [hour, digest] of Object.entries(digests))
      if (hour > step.state.settledThrough) step.state.digests[hour] = digest;
    step.state.digests = Object.fromEntries(Object.entries(step.state.digests).sort(([a], [b]) => a.localeCompare(b)));
    if (step.alerts.length > 0) await sink.send(step.alerts);
    if (previous === undefined || JSON.stringify(previous) !== JSON.stringify(step.state))
      await store.putJson(stateKey(account), step.state);
    if (step.tooLate > 0)
      log.warn('rollup changes too late for the detector', { account, deliveryHours: step.tooLate });
    result.evaluatedHours = Math.max(result.evaluatedHours, step.evaluated.length);
    result.started += step.events.filter((e) => e.insightDetails.state === 'Start').length;
    result.ended += step.events.filter((e) => e.insightDetails.state === 'End').length;
    result.open += Object.keys(step.state.open).length;
    result.tooLate += step.tooLate;
  });
  log.info('insights evaluated', { throughHour, ...result });
  return result;
};
