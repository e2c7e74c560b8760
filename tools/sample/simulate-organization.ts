import { DEFAULT_REGIONS } from '../../lib/trails/constants.js';
import type { FileSummary } from '../../lib/model/summary.js';
import { silentLog } from '../../lib/model/log.js';
import {
  DAILY_PREFIX,
  DEFAULT_PRICES,
  HOURLY_PREFIX,
  MANIFEST_NAME,
  REPORTS_PREFIX,
  RUN_DEFAULTS,
  SUMMARIES_PREFIX,
} from '../../lib/cost/constants.js';
import { hourPath, hoursOfDay } from '../../lib/cost/hours.js';
import { runRollup } from '../../lib/pipelines/rollup.js';
import type { RollupStore } from '../../lib/cost/rollup-store.js';

/** An organization's delivery pattern: every account delivers `filesPerHour` files per region per hour. */
export type OrganizationLayout = {
  accounts: number;
  regions: number;
  /** CloudTrail delivers about every 5 minutes per account and region: 12. */
  filesPerHour: number;
  /** First delivery hour with files (earlier hours are empty). */
  from?: string;
  /** Extra summaries for a delivery hour (one more file in that many account/regions): hour → count. */
  late?: Record<string, number>;
};

/** What the rollup asked of the bucket, by object kind. */
export type RequestCounts = {
  listRequests: number;
  keysListed: number;
  gets: Record<ObjectKind, number>;
  puts: Record<ObjectKind, number>;
  bytesWritten: Record<ObjectKind, number>;
  largestObject: number;
};

/** Kinds of results-bucket objects, by key prefix. */
export const OBJECT_KINDS = [
  'summary',
  'hourlyRollup',
  'hourlyManifest',
  'dailyRollup',
  'dailyManifest',
  'report',
  'detectorState',
  'other',
] as const;
/** A kind of results-bucket object. */
export type ObjectKind = (typeof OBJECT_KINDS)[number];

/** S3 LIST returns at most 1,000 keys a page. */
const PAGE = 1000;

const kindOf = (key: string): ObjectKind => {
  if (key.startsWith(SUMMARIES_PREFIX)) return 'summary';
  if (key.startsWith(HOURLY_PREFIX)) return key.endsWith(MANIFEST_NAME) ? 'hourlyManifest' : 'hourlyRollup';
  if (key.startsWith(DAILY_PREFIX)) return key.endsWith(MANIFEST_NAME) ? 'dailyManifest' : 'dailyRollup';
  if (key.startsWith(REPORTS_PREFIX)) return 'report';
  if (key.startsWith('insights/state/')) return 'detectorState';
  return 'other';
};

const zeroes = (): Record<ObjectKind, number> =>
  Object.fromEntries(OBJECT_KINDS.map((k) => [k, 0])) as Record<ObjectKind, number>;

/** The 12-digit id of account n (sorted the way S3 lists them). */
export const accountId = (n: number): string => String(100000000000 + n);

/** The first `count` commercial regions (17 is what an organization trail typically covers). */
export const REGIONS = [...DEFAULT_REGIONS, 'af-south-1', 'ap-east-1', 'eu-south-1', 'me-south-1'] as const;

/**
 * Runs one literal day of the schedule against a simulated organization: the 24 hourly runs
 * (each with its lookback and the detector), a late-file case in hour 12 (`lateFiles` summaries
 * of hour 11 land after it was rolled up), then the daily run, and returns the requests of each.
 */
export const simulateDay = async (
  layout: OrganizationLayout,
  day: string,
  options: { lateFiles?: number; lookbackHours?: number } = {}
): Promise<{ hourly: RequestCounts[]; daily: RequestCounts; store: SimulatedOrganizationStore }> => {
  const store = new SimulatedOrganizationStore({ ...layout, from: layout.from ?? `${day}T00` });
  const deps = {
    store,
    sink: { send: async () => {} },
    log: silentLog,
    settings: { prices: DEFAULT_PRICES, plan: {} },
  };
  const hourly: RequestCounts[] = [];
  for (const hour of hoursOfDay(day)) {
    if (hour === `${day}T12` && options.lateFiles) store.addLate(`${day}T11`, options.lateFiles);
    store.resetCounts();
    await runRollup({ mode: 'hourly', hour, lookbackHours: options.lookbackHours ?? RUN_DEFAULTS.lookbackHours }, deps);
    hourly.push(structuredClone(store.counts));
  }
  store.resetCounts();
  await runRollup({ mode: 'daily', day, lookbackDays: 0 }, deps);
  return { hourly, daily: structuredClone(store.counts), store };
};

/**
 * A results bucket laid out exactly as ingest lays out summaries for an organization, generated
 * on demand instead of stored (5 M summaries a day would not fit a test), that counts every
 * request the rollup makes, through the same RollupStore interface the S3 store implements.
 * Objects the rollup writes are kept (as JSON text) so its later runs read what it wrote.
 *
 * This is the capacity-planning model of docs/rollup-design.md, not a stand-in for S3 in
 * behaviour tests (those run against s3rver).
 */
export class SimulatedOrganizationStore implements RollupStore {
  readonly bucket = 'simulated-results';
  readonly counts: RequestCounts = {
    listRequests: 0,
    keysListed: 0,
    gets: zeroes(),
    puts: zeroes(),
    bytesWritten: zeroes(),
    largestObject: 0,
  };
  readonly #written = new Map<string, string>();
  #cached: { id: string; summary: FileSummary } | undefined;
  readonly #regions: string[];
  readonly #accounts: string[];

  constructor(readonly layout: OrganizationLayout) {
    this.#regions = [...REGIONS.slice(0, layout.regions)].sort();
    this.#accounts = Array.from({ length: layout.accounts }, (_, n) => accountId(n));
  }

  /** Makes `count` late summaries appear in an hour (the next run's lookback should find them). */
  addLate(hour: string, count: number): void {
    this.layout.late = { ...this.layout.late, [hour]: (this.layout.late?.[hour] ?? 0) + count };
  }

  /** Starts a new count (between the runs being measured). */
  resetCounts(): void {
    Object.assign(this.counts, {
      listRequests: 0,
      keysListed: 0,
      gets: zeroes(),
      puts: zeroes(),
      bytesWritten: zeroes(),
      largestObject: 0,
    });
  }

  /** The summary keys ingest would have written for a delivery hour, in S3 listing order. */
  *summaryKeys(hour: string): Generator<string> {
    if (this.layout.from !== undefined && hour < this.layout.from) return;
    const path = hourPath(hour);
    const stamp = `${hour.slice(0, 4)}${hour.slice(5, 7)}${hour.slice(8, 10)}T${hour.slice(11, 13)}`;
    const late = this.layout.late?.[hour] ?? 0;
    for (const [a, account] of this.#accounts.entries()) {
      for (const [r, region] of this.#regions.entries()) {
        const files = this.layout.filesPerHour + (a * this.#regions.length + r < late ? 1 : 0);
        for (let f = 0; f < files; f++) {
          const minute = String(Math.min(59, f * 5 + 2)).padStart(2, '0');
          yield `${SUMMARIES_PREFIX}${path}/${account}/${region}/${account}_CloudTrail_${region}_${stamp}${minute}Z_${f < this.layout.filesPerHour ? 'a' : 'late'}${f}.json`;
        }
      }
    }
  }

  async *list(prefix: string): AsyncGenerator<string> {
    const keys = prefix.startsWith(SUMMARIES_PREFIX)
      ? this.#summaryKeysUnder(prefix)
      : [...this.#written.keys()].filter((k) => k.startsWith(prefix)).sort();
    let n = 0;
    this.counts.listRequests++;
    for (const key of keys) {
      if (n > 0 && n % PAGE === 0) this.counts.listRequests++;
      n++;
      yield key;
    }
    this.counts.keysListed += n;
  }

  async getJson(key: string): Promise<unknown> {
    const kind = kindOf(key);
    this.counts.gets[kind]++;
    if (kind === 'summary') return this.#summary(key);
    const text = this.#written.get(key);
    return text === undefined ? undefined : JSON.parse(text);
  }

  async putJson(key: string, value: unknown): Promise<void> {
    await this.putText(key, JSON.stringify(value));
  }

  async putText(key: string, body: string): Promise<void> {
    const kind = kindOf(key);
    this.counts.puts[kind]++;
    this.counts.bytesWritten[kind] += body.length;
    this.counts.largestObject = Math.max(this.counts.largestObject, body.length);
    this.#written.set(key, body);
  }

  *#summaryKeysUnder(prefix: string): Generator<string> {
    // summaries/YYYY/MM/DD/HH/
    const m = /^summaries\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})\/$/.exec(prefix);
    if (!m) throw new Error(`the simulation lists summaries by hour prefix only, not ${prefix}`);
    yield* this.summaryKeys(`${m[1]}-${m[2]}-${m[3]}T${m[4]}`);
  }

  /**
   * A small per-file summary: one write and one read management type, one data type, one error
   * (the rollup's request plan does not depend on how many types a file has). The files of an
   * account, region and hour share one summary object: reads come in key order.
   */
  #summary(key: string): FileSummary {
    const at = key.lastIndexOf('/');
    const id = key.slice(0, at);
    if (this.#cached?.id === id) return this.#cached.summary;
    const [, y, mo, d, h, account, region] = id.split('/') as string[];
    const hour = `${y}-${mo}-${d}T${h}`;
    const summary: FileSummary = {
      schemaVersion: 1,
      bucket: 'org-trail-bucket',
      key: `o-exampleorg1/AWSLogs/${account}/CloudTrail/${region}/${y}/${mo}/${d}/${account}_CloudTrail_${region}_${y}${mo}${d}T${h}00Z_x.json.gz`,
      kind: 'log',
      accountId: account,
      region,
      status: 'ok',
      bytes: { compressed: 30_000, uncompressed: 300_000 },
      records: 200,
      badRecords: 0,
      recordErrors: [],
      counts: [
        {
          hour,
          eventCategory: 'Management',
          eventSource: 'ec2.amazonaws.com',
          eventName: 'RunInstances',
          readOnly: false,
          count: 2,
        },
        {
          hour,
          eventCategory: 'Management',
          eventSource: 'kms.amazonaws.com',
          eventName: 'Decrypt',
          readOnly: true,
          count: 120,
        },
        {
          hour,
          eventCategory: 'Data',
          eventSource: 's3.amazonaws.com',
          eventName: 'GetObject',
          readOnly: true,
          count: 78,
        },
      ],
      errors: [
        {
          hour,
          eventSource: 'ec2.amazonaws.com',
          eventName: 'RunInstances',
          errorCode: 'Client.UnauthorizedOperation',
          count: 1,
        },
      ],
      alerts: [],
      detection: {},
      processedAt: `${hour}:10:00.000Z`,
    };
    this.#cached = { id, summary };
    return summary;
  }
}
