import { EXCLUDABLE_SOURCES, PRICES } from './constants.js';
import type { TrailFacts } from './trail-facts.js';
import type { CopyLabel } from '../model/trails.js';
import { type EventTally, toCents, type UsageIndex } from './usage-from-summaries.js';

/** What one additional copy costs in one account and region. */
export type RegionCopyCost = {
  accountId: string;
  region: string;
  firstCopy: string;
  /** Read / write management events that an earlier trail already delivers (so these are paid). */
  paid: { read: boolean; write: boolean };
  /** Paid events in the window, scaled to a month; null without summaries. */
  monthlyEvents: number | null;
  /** Whether the count is this trail's own or estimated from another trail's files. */
  basis: 'own-files' | 'first-copy-files' | null;
  monthlyUsd: number | null;
  /** Of those, events from KMS and RDS Data API (excludable with ExcludeManagementEventSources). */
  monthlyExcludableEvents: number | null;
};

/** What an additional copy costs across its regions, and what the cheaper options would cost. */
export type CopyCost = {
  regions: RegionCopyCost[];
  monthlyUsd: number | null;
  /** Saving if the copy excluded KMS and RDS Data API events. */
  monthlySavingExcludingKmsRdsUsd: number | null;
  /** The same events ingested into CloudTrail Lake (one-year pricing) instead, per month. */
  lakeMonthlyUsd: number | null;
};

const excludable = (tally: EventTally, paid: { read: boolean; write: boolean }, excluded: readonly string[]): number =>
  EXCLUDABLE_SOURCES.filter((source) => !excluded.includes(source)).reduce((sum, source) => {
    const counts = tally.bySource[source];
    return sum + (counts ? (paid.read ? counts.read : 0) + (paid.write ? counts.write : 0) : 0);
  }, 0);

const minusExcluded = (tally: EventTally, kind: 'read' | 'write', excluded: readonly string[]): number =>
  tally[kind] - excluded.reduce((sum, source) => sum + (tally.bySource[source]?.[kind] ?? 0), 0);

/**
 * Prices a trail's additional management-event copies from the summaries.
 *
 * Per account and region where the trail is not the first copy, the paid events are the reads
 * (writes) it records that an earlier trail also records. Their count is the trail's own
 * delivered events when trailwatch reads its bucket, else the first copy's (minus the sources this
 * trail excludes), scaled to 30 days: $2.00 per 100,000.
 * @param trail - the trail
 * @param labels - every copy label of the snapshot (ordered as labelTrailCopies orders them)
 * @param usage - the usage index, when summaries were given
 * @returns the cost per region and in total; amounts are null without usage
 */
export const copyCostOf = (
  trail: TrailFacts,
  labels: readonly CopyLabel[],
  usage: UsageIndex | undefined
): CopyCost => {
  const regions: RegionCopyCost[] = [];
  let bytesPerEvent: number | null = null;
  const own = usage?.byTrail[trail.arn];
  for (const label of labels) {
    if (label.trailArn !== trail.arn || label.copy !== 'additional') continue;
    const earlier = labels.slice(
      labels.findIndex((l) => l.accountId === label.accountId && l.region === label.region),
      labels.indexOf(label)
    );
    const paid = {
      read: label.read && earlier.some((l) => l.read),
      write: label.write && earlier.some((l) => l.write),
    };
    const key = `${label.accountId}/${label.region}`;
    let tally: EventTally | undefined = own?.management[key];
    let basis: RegionCopyCost['basis'] = tally ? 'own-files' : null;
    if (!tally && usage) {
      for (const other of earlier) {
        const candidate = usage.byTrail[other.trailArn]?.management[key];
        if (candidate && (!tally || candidate.read + candidate.write > tally.read + tally.write)) {
          tally = candidate;
          basis = 'first-copy-files';
          const otherUsage = usage.byTrail[other.trailArn];
          if (otherUsage && otherUsage.records > 0) bytesPerEvent = otherUsage.uncompressedBytes / otherUsage.records;
        }
      }
    }
    if (basis === 'own-files' && own && own.records > 0) bytesPerEvent = own.uncompressedBytes / own.records;
    const excluded = basis === 'first-copy-files' ? label.excludedSources : [];
    const events =
      tally && usage
        ? ((paid.read ? minusExcluded(tally, 'read', excluded) : 0) +
            (paid.write ? minusExcluded(tally, 'write', excluded) : 0)) *
          usage.monthScale
        : null;
    const excludableEvents = tally && usage ? excludable(tally, paid, label.excludedSources) * usage.monthScale : null;
    regions.push({
      accountId: label.accountId,
      region: label.region,
      firstCopy: earlier[0]?.trailArn ?? 'unknown',
      paid,
      monthlyEvents: events === null ? null : Math.round(events),
      basis,
      monthlyUsd: events === null ? null : toCents(events * PRICES.managementCopyPerEvent),
      monthlyExcludableEvents: excludableEvents === null ? null : Math.round(excludableEvents),
    });
  }
  const priced = regions.filter((r) => r.monthlyEvents !== null);
  const total = priced.length > 0 ? priced.reduce((sum, r) => sum + (r.monthlyEvents ?? 0), 0) : null;
  const excludableTotal =
    priced.length > 0 ? priced.reduce((sum, r) => sum + (r.monthlyExcludableEvents ?? 0), 0) : null;
  return {
    regions,
    monthlyUsd: total === null ? null : toCents(total * PRICES.managementCopyPerEvent),
    monthlySavingExcludingKmsRdsUsd:
      excludableTotal === null ? null : toCents(excludableTotal * PRICES.managementCopyPerEvent),
    lakeMonthlyUsd:
      total === null || bytesPerEvent === null
        ? null
        : toCents(((total * bytesPerEvent) / 1e9) * PRICES.lakeIngestionPerGb),
  };
};
