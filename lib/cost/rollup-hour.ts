import { createHash } from 'node:crypto';
import type { Log } from '../model/log.js';
import { RUN_DEFAULTS } from './constants.js';
import { InvalidRollupObjectError, InvalidSummaryError } from './errors.js';
import { mapLimit } from './map-limit.js';
import { RollupBuilder, assertSummary } from './rollup-builder.js';
import { accountOfSummaryKey, hourlyManifestKey, hourlyRollupKey, summariesPrefix } from './rollup-keys.js';
import type { RollupStore } from './rollup-store.js';
import { ROLLUP_SCHEMA_VERSION, type Rollup } from './types.js';

/** Per account of one delivery hour: how many summary keys its rollup folded, and their digest. */
export type ManifestEntry = { files: number; digest: string };

/** What an hour's rollups hold, so a run can tell from one listing which accounts changed. */
export type HourManifest = {
  schemaVersion: typeof ROLLUP_SCHEMA_VERSION;
  hour: string;
  accounts: Record<string, ManifestEntry>;
};

/** What rollupHour needs. */
export type RollupHourOptions = {
  store: RollupStore;
  log: Log;
  /** Ignore existing rollups and fold every summary again (gives the same bytes). */
  rebuild?: boolean;
  accountConcurrency?: number;
  readConcurrency?: number;
  /** Called with each account rollup written (the anomaly detector takes its slice). */
  onChanged?: (account: string, rollup: Rollup) => void;
};

/** What one hour's step listed, read and wrote. */
export type RollupHourResult = {
  hour: string;
  /** Summary keys listed. */
  listed: number;
  accounts: number;
  /** Accounts whose hourly rollup was (re)written. */
  changed: string[];
  summariesRead: number;
  /** Summaries that could not be folded; they are retried on every run until fixed. */
  badSummaries: string[];
  manifest: HourManifest;
};

/** A short digest of a set of keys (order-independent: keys are sorted first). */
export const digestKeys = (keys: readonly string[]): string => {
  const hash = createHash('sha256');
  for (const key of [...keys].sort()) hash.update(key).update('\n');
  return hash.digest('hex').slice(0, 16);
};

const isRollup = (value: unknown, hour: string, account: string): value is Rollup => {
  const r = value as Partial<Rollup> | undefined;
  return (
    r?.schemaVersion === ROLLUP_SCHEMA_VERSION &&
    r.kind === 'hourly' &&
    r.period === hour &&
    r.account === account &&
    Array.isArray(r.files) &&
    Array.isArray(r.rows)
  );
};

/**
 * Reads an hour's manifest.
 * @throws InvalidRollupObjectError when it has another shape
 */
export const readHourManifest = async (store: RollupStore, hour: string): Promise<HourManifest | undefined> => {
  const key = hourlyManifestKey(hour);
  const value = (await store.getJson(key)) as Partial<HourManifest> | undefined;
  if (value === undefined) return undefined;
  if (
    value.schemaVersion !== ROLLUP_SCHEMA_VERSION ||
    value.hour !== hour ||
    typeof value.accounts !== 'object' ||
    value.accounts === null
  ) {
    throw new InvalidRollupObjectError(store.bucket, key, `not an hourly manifest for ${hour}`);
  }
  return value as HourManifest;
};

/**
 * Brings the hourly rollups of one delivery hour up to date with the summaries under
 * `summaries/<hour>/`, incrementally and idempotently.
 *
 * One listing of the hour prefix gives every account's summary keys; an account whose keys hash
 * to the digest in the hour's manifest is left alone (no reads). For any other account, the
 * existing rollup is read and only the summary keys it has not folded are read and added, so
 * a late file costs one rollup read, one summary read and two writes. Running it again with no
 * new summaries reads nothing but the listing and the manifest, and writes nothing.
 *
 * @param hour - delivery hour `YYYY-MM-DDTHH`
 * @returns what was listed, read and written
 * @throws TransientError when S3 keeps failing; InvalidRollupObjectError for a corrupt manifest
 * @example
 * const result = await rollupHour('2026-01-02T03', { store: s3RollupStore(s3, bucket), log });
 */
export const rollupHour = async (hour: string, options: RollupHourOptions): Promise<RollupHourResult> => {
  const { store, log } = options;
  const byAccount = new Map<string, string[]>();
  let listed = 0;
  for await (const key of store.list(summariesPrefix(hour))) {
    const account = accountOfSummaryKey(key);
    if (account === undefined) continue;
    listed++;
    const keys = byAccount.get(account);
    if (keys) keys.push(key);
    else byAccount.set(account, [key]);
  }
  const previous = options.rebuild ? undefined : await readHourManifest(store, hour);
  const manifest: HourManifest = { schemaVersion: ROLLUP_SCHEMA_VERSION, hour, accounts: { ...previous?.accounts } };
  const stale = [...byAccount].filter(
    ([account, keys]) => options.rebuild || previous?.accounts[account]?.digest !== digestKeys(keys)
  );
  const changed: string[] = [];
  const badSummaries: string[] = [];
  let summariesRead = 0;

  await mapLimit(stale, options.accountConcurrency ?? RUN_DEFAULTS.accountConcurrency, async ([account, keys]) => {
    const key = hourlyRollupKey(hour, account);
    let builder = new RollupBuilder('hourly', hour, account);
    if (!options.rebuild && previous?.accounts[account] !== undefined) {
      const existing = await store.getJson(key);
      if (isRollup(existing, hour, account)) builder = RollupBuilder.from(existing);
      else log.warn('hourly rollup unreadable, refolding the account', { key });
    }
    const fresh = keys.filter((k) => !builder.has(k));
    const summaries = await mapLimit(
      fresh,
      options.readConcurrency ?? RUN_DEFAULTS.readConcurrency,
      async (summaryKey) => {
        try {
          const value = await store.getJson(summaryKey);
          if (value === undefined) return undefined;
          return assertSummary(value, store.bucket, summaryKey);
        } catch (error) {
          if (!(error instanceof InvalidSummaryError || error instanceof InvalidRollupObjectError)) throw error;
          log.error('summary not folded', error);
          badSummaries.push(summaryKey);
          return undefined;
        }
      }
    );
    summariesRead += fresh.length;
    // Fold in key order so the rollup does not depend on which read finished first.
    fresh.forEach((summaryKey, i) => {
      const summary = summaries[i];
      if (summary !== undefined) builder.addSummary(summary, summaryKey);
    });
    const rollup = builder.build();
    // Nothing foldable (every summary bad or gone): no rollup, so the next run tries again.
    if (rollup.files.length === 0) return;
    const entry: ManifestEntry = { files: rollup.files.length, digest: digestKeys(rollup.files) };
    const before = previous?.accounts[account];
    if (!options.rebuild && before !== undefined && before.digest === entry.digest) return;
    await store.putJson(key, rollup);
    manifest.accounts[account] = entry;
    changed.push(account);
    options.onChanged?.(account, rollup);
  });

  if (changed.length > 0) {
    manifest.accounts = Object.fromEntries(Object.entries(manifest.accounts).sort(([a], [b]) => a.localeCompare(b)));
    await store.putJson(hourlyManifestKey(hour), manifest);
  }
  if (badSummaries.length > 0) log.warn('summaries not folded', { hour, badSummaries: badSummaries.length });
  return {
    hour,
    listed,
    accounts: byAccount.size,
    changed: changed.sort(),
    summariesRead,
    badSummaries: badSummaries.sort(),
    manifest,
  };
};
