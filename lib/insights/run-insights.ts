import type { AlertSink } from '../alerts/types.js';
import { InvalidRollupObjectError } from '../cost/errors.js';
import { mapLimit } from '../cost/map-limit.js';
import type { RollupStore } from '../cost/rollup-store.js';
import type { Log } from '../logger.js';
import { advanceAccountState } from './advance-account-state.js';
import { DEFAULT_DETECTOR_CONFIG, STATE_PREFIX, stateKey } from './constants.js';
import { type AccountState, DETECTOR_STATE_VERSION, type DetectorConfig, type SeriesCounts } from './types.js';

export type RunInsightsOptions = {
  store: RollupStore;
  sink: AlertSink;
  log: Log;
  config?: DetectorConfig;
  accountConcurrency?: number;
};

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
};

/**
 * Reads one account's detector state.
 * @throws InvalidRollupObjectError when the object is not a state of this version for the account
 */
export const readAccountState = async (store: RollupStore, account: string): Promise<AccountState | undefined> => {
  const key = stateKey(account);
  const value = (await store.getJson(key)) as Partial<AccountState> | undefined;
  if (value === undefined) return undefined;
  if (value.schemaVersion !== DETECTOR_STATE_VERSION || value.account !== account || typeof value.settled !== 'object' || typeof value.open !== 'object') {
    throw new InvalidRollupObjectError(store.bucket, key, `not a detector state (version ${DETECTOR_STATE_VERSION}) of account ${account}`);
  }
  return value as AccountState;
};

/**
 * The detector's scheduled step: for every account with state or with changed hourly rollups,
 * loads its state from the results bucket, advances it to `throughHour` (advanceAccountState),
 * sends the Insights alerts, then saves the state. Alerts go out before the state is saved, so
 * a failure re-sends the same alert ids on the next run instead of losing an insight start or end.
 *
 * @param throughHour - the newest delivery hour the rollups cover
 * @param contributions - account → delivery hour → series of its changed hourly rollup
 * @throws the sink's error when alerts cannot be delivered; TransientError when S3 keeps failing
 */
export const runInsights = async (
  throughHour: string,
  contributions: ReadonlyMap<string, ReadonlyMap<string, SeriesCounts>>,
  options: RunInsightsOptions
): Promise<RunInsightsResult> => {
  const { store, sink, log } = options;
  const accounts = new Set(contributions.keys());
  for await (const key of store.list(STATE_PREFIX)) {
    const name = key.slice(STATE_PREFIX.length);
    if (name.endsWith('.json') && !name.includes('/')) accounts.add(name.slice(0, -'.json'.length));
  }
  const result: RunInsightsResult = { accounts: accounts.size, evaluatedHours: 0, started: 0, ended: 0, open: 0, tooLate: 0 };
  await mapLimit([...accounts].sort(), options.accountConcurrency ?? 8, async (account) => {
    const previous = await readAccountState(store, account);
    const step = advanceAccountState(previous, account, contributions.get(account) ?? new Map(), throughHour, options.config ?? DEFAULT_DETECTOR_CONFIG);
    if (step.alerts.length > 0) await sink.send(step.alerts);
    if (previous === undefined || JSON.stringify(previous) !== JSON.stringify(step.state)) await store.putJson(stateKey(account), step.state);
    if (step.tooLate > 0) log.warn('rollup changes too late for the detector', { account, deliveryHours: step.tooLate });
    result.evaluatedHours = Math.max(result.evaluatedHours, step.evaluated.length);
    result.started += step.events.filter((e) => e.insightDetails.state === 'Start').length;
    result.ended += step.events.filter((e) => e.insightDetails.state === 'End').length;
    result.open += Object.keys(step.state.open).length;
    result.tooLate += step.tooLate;
  });
  log.info('insights evaluated', { throughHour, ...result });
  return result;
};
