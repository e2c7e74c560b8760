import { auditedAccountOf, type TrailFacts, trailFactsOf } from './trail-facts.js';
import type { CopyLabel, TrailSnapshot } from '../model/trails.js';

/**
 * The order in which trails claim the free first copy: organization trails, then multi-region
 * trails, then by ARN. AWS bills "the first copy of management events in each region" free and
 * every further copy at $2.00 per 100,000, but does not say which trail holds the first copy;
 * any order gives the same total, and this one keeps the label on the trail that stays.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-manage-costs.html
 */
const claimOrder = (a: TrailFacts, b: TrailFacts): number =>
  Number(Boolean(b.description.IsOrganizationTrail)) - Number(Boolean(a.description.IsOrganizationTrail)) ||
  Number(Boolean(b.description.IsMultiRegionTrail)) - Number(Boolean(a.description.IsMultiRegionTrail)) ||
  a.arn.localeCompare(b.arn);

/**
 * Labels every trail that delivers management events, per account and region, as the free
 * first copy or a paid additional copy. The cost rollup reads these labels instead of a static
 * setting.
 *
 * A trail counts where it is logging (or its status is unknown) and records read or write
 * management events. An organization trail covers every account, so in a member account it
 * holds the first copy and the member's own trails are additional.
 * @param snapshot - the configuration snapshot
 * @returns one label per (account, region, trail), sorted by account, region, then claim order
 * @example
 * labelTrailCopies(snapshot).filter((l) => l.copy === 'additional')
 * // [{ accountId: '111122223333', region: 'us-east-1', trailArn: '…/second', copy: 'additional', … }]
 */
export const labelTrailCopies = (snapshot: TrailSnapshot): CopyLabel[] =>
  labelCopiesOf(snapshot, trailFactsOf(snapshot));

/** {@link labelTrailCopies} over trails already derived (the audit reuses its own). */
export const labelCopiesOf = (snapshot: TrailSnapshot, trails: readonly TrailFacts[]): CopyLabel[] => {
  const recording = trails.filter(
    (t) => t.logging !== false && t.management && (t.management.read || t.management.write)
  );
  const accounts = new Set<string>();
  const audited = auditedAccountOf(snapshot, trails);
  if (audited) accounts.add(audited);
  for (const trail of recording) if (!trail.description.IsOrganizationTrail) accounts.add(trail.accountId);
  if (accounts.size === 0) for (const trail of recording) accounts.add(trail.accountId);

  const labels: CopyLabel[] = [];
  for (const accountId of [...accounts].sort()) {
    for (const region of [...snapshot.regions].sort()) {
      const here = recording
        .filter((t) => t.regions.includes(region))
        .filter((t) => t.accountId === accountId || t.description.IsOrganizationTrail)
        .sort(claimOrder);
      here.forEach((trail, index) => {
        const management = trail.management as NonNullable<TrailFacts['management']>;
        labels.push({
          accountId,
          region,
          trailArn: trail.arn,
          copy: index === 0 ? 'first' : 'additional',
          read: management.read,
          write: management.write,
          excludedSources: management.excludedSources,
        });
      });
    }
  }
  return labels;
};
