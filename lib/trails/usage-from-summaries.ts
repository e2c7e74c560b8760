import type { FileSummary } from '../model/summary.js';
import { MONTH_DAYS } from './constants.js';
import type { TrailFacts } from './trail-facts.js';

/** Events counted by read/write and by event source. */
export type EventTally = {
  read: number;
  write: number;
  bySource: Record<string, { read: number; write: number }>;
};

/** What one trail delivered in the window, from the per-file summaries under its bucket and prefix. */
export type TrailUsage = {
  /** `account/region` → management events. */
  management: Record<string, EventTally>;
  data: EventTally;
  /** Log files delivered. */
  files: number;
  records: number;
  uncompressedBytes: number;
};

/** Usage of every trail the summaries cover, over the last {@link MONTH_DAYS} days. */
export type UsageIndex = {
  from: string;
  to: string;
  /** Days the summaries actually cover inside the window (at least one hour). */
  coveredDays: number;
  /** Factor that turns the covered days into a month: 30 / coveredDays, at least 1. */
  monthScale: number;
  byTrail: Record<string, TrailUsage>;
};

/**
 * A map keyed by strings read from summaries (event sources, accounts, regions): without a
 * prototype, so a `__proto__` or `constructor` in a summary is an ordinary key and never reaches
 * Object.prototype.
 */
const dictionary = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

const emptyTally = (): EventTally => ({ read: 0, write: 0, bySource: dictionary() });

const add = (tally: EventTally, source: string, read: boolean, count: number): void => {
  const bucket = tally.bySource[source] ?? { read: 0, write: 0 };
  tally.bySource[source] = bucket;
  if (read) {
    tally.read += count;
    bucket.read += count;
  } else {
    tally.write += count;
    bucket.write += count;
  }
};

const hourOf = (date: Date): string => date.toISOString().slice(0, 13);

/** The `s3://bucket/prefix/AWSLogs/` a trail delivers under. */
export const deliveryRootOf = (trail: TrailFacts): { bucket: string; keyPrefix: string } | undefined => {
  const bucket = trail.description.S3BucketName;
  if (!bucket) return undefined;
  const prefix = trail.description.S3KeyPrefix;
  return { bucket, keyPrefix: prefix ? `${prefix.replace(/\/+$/, '')}/AWSLogs/` : 'AWSLogs/' };
};

/**
 * Tallies the per-file summaries per trail over the last 30 days: management events per account
 * and region, data events, files and bytes. A summary belongs to the trail whose bucket and key
 * prefix it lies under; trails that share a bucket and prefix share their summaries (their log
 * files cannot be told apart).
 *
 * Counts are by event hour, so a window ending now counts what the summaries hold; when they
 * cover fewer than 30 days, `monthScale` scales them up and the findings say so.
 * @param summaries - per-file summaries (lib/ingest/summary-types.ts), any order
 * @param trails - the trails of the snapshot
 * @param now - end of the window
 * @returns the usage index; `byTrail` is empty when no summary matches a trail
 */
export const usageFromSummaries = (
  summaries: readonly FileSummary[],
  trails: readonly TrailFacts[],
  now: Date
): UsageIndex => {
  const from = new Date(now.getTime() - MONTH_DAYS * 24 * 3600 * 1000);
  const fromHour = hourOf(from);
  const toHour = hourOf(now);
  const byTrail = dictionary<TrailUsage>();
  let first: string | undefined;
  let last: string | undefined;
  for (const summary of summaries) {
    if (summary.kind !== 'log') continue;
    const owners = trails.filter((trail) => {
      const root = deliveryRootOf(trail);
      return root !== undefined && root.bucket === summary.bucket && summary.key.startsWith(root.keyPrefix);
    });
    if (owners.length === 0) continue;
    const key = `${summary.accountId ?? 'unknown'}/${summary.region ?? 'unknown'}`;
    const inWindow = summary.counts.filter((c) => c.hour >= fromHour && c.hour <= toHour);
    for (const count of inWindow) {
      if (first === undefined || count.hour < first) first = count.hour;
      if (last === undefined || count.hour > last) last = count.hour;
    }
    const delivered = summary.deliveredAt ?? summary.lastEventTime;
    const fileInWindow = delivered === undefined ? inWindow.length > 0 : delivered >= from.toISOString();
    for (const owner of owners) {
      const usage = byTrail[owner.arn] ?? {
        management: dictionary<EventTally>(),
        data: emptyTally(),
        files: 0,
        records: 0,
        uncompressedBytes: 0,
      };
      byTrail[owner.arn] = usage;
      if (fileInWindow) {
        usage.files += 1;
        usage.records += summary.records;
        usage.uncompressedBytes += summary.bytes.uncompressed;
      }
      for (const count of inWindow) {
        if (count.eventCategory === 'Management') {
          const tally = usage.management[key] ?? emptyTally();
          usage.management[key] = tally;
          add(tally, count.eventSource, count.readOnly === true, count.count);
        } else if (count.eventCategory === 'Data') {
          add(usage.data, count.eventSource, count.readOnly === true, count.count);
        }
      }
    }
  }
  const coveredHours =
    first !== undefined && last !== undefined
      ? (Date.parse(`${last}:00:00Z`) - Date.parse(`${first}:00:00Z`)) / 3_600_000 + 1
      : 0;
  const coveredDays = Math.max(coveredHours, 1) / 24;
  return {
    from: from.toISOString(),
    to: now.toISOString(),
    coveredDays: Math.round(coveredDays * 100) / 100,
    monthScale: coveredDays >= MONTH_DAYS ? 1 : MONTH_DAYS / coveredDays,
    byTrail,
  };
};

/** Rounds a dollar amount to cents. */
export const toCents = (usd: number): number => Math.round(usd * 100) / 100;
