import { parseCloudTrailKey } from '../../cloudtrail/parse-key.js';
import { formatDateFolder } from './python-dates.js';
import { logListingPrefix } from './digest-keys.js';
import type { DigestStore, Finding, TrailCoordinates } from '../types.js';

/** The delivery window of one verified digest, in the bucket it was read from. */
export type CoveredWindow = { bucket: string; start: Date; end: Date };

/** A log file is expected in a digest once it has had this long to be delivered. */
export const DELIVERY_LAG_MS = 15 * 60_000;

const DAY_MS = 86_400_000;

/**
 * Finds log files under the trail's `CloudTrail/<region>/` folders that no digest lists, which the
 * CLI cannot see (it works from the digests only): an injected file, or files delivered while
 * validation was off.
 *
 * A file is a candidate when the time in its name falls inside a covered digest window and it has
 * had {@link DELIVERY_LAG_MS} to be delivered before `settledBefore`; a file named just before a
 * window starts may sit in the digest before it, so edges are left out rather than guessed.
 * Assumes one trail per (bucket, prefix, account): a second trail writing to the same folder would
 * show up here.
 *
 * @param store - where the logs are
 * @param trail - coordinates (prefix, organization, account, source region)
 * @param covered - windows of the digests that were verified
 * @param listed - `bucket/key` of every log file those digests list
 * @param settledBefore - newest digest end; defaults to the latest window end
 * @returns one `log-file-not-in-digest` finding per such file
 */
export const findUnlistedLogs = async (
  store: DigestStore,
  trail: TrailCoordinates,
  covered: readonly CoveredWindow[],
  listed: ReadonlySet<string>,
  settledBefore?: Date
): Promise<Finding[]> => {
  if (covered.length === 0) return [];
  const settled =
    settledBefore?.getTime() ?? covered.reduce((t, w) => Math.max(t, w.end.getTime()), Number.NEGATIVE_INFINITY);
  const findings: Finding[] = [];
  const prefix = logListingPrefix(trail);
  for (const bucket of new Set(covered.map((w) => w.bucket))) {
    const windows = covered.filter((w) => w.bucket === bucket);
    const first = windows.reduce((t, w) => Math.min(t, w.start.getTime()), Number.POSITIVE_INFINITY);
    const last = windows.reduce((t, w) => Math.max(t, w.end.getTime()), Number.NEGATIVE_INFINITY);
    const days = new Set<string>();
    for (let t = first - (first % DAY_MS); t <= last; t += DAY_MS) days.add(formatDateFolder(new Date(t)));
    for (const day of days) {
      for await (const key of store.list(bucket, `${prefix}${day}/`)) {
        const parsed = parseCloudTrailKey(key);
        if (parsed?.kind !== 'log' || parsed.accountId !== trail.accountId || parsed.region !== trail.sourceRegion)
          continue;
        const named = Date.parse(parsed.deliveredAt);
        if (named + DELIVERY_LAG_MS > settled) continue;
        if (!windows.some((w) => w.start.getTime() <= named && named < w.end.getTime())) continue;
        if (listed.has(`${bucket}/${key}`)) continue;
        findings.push({
          code: 'log-file-not-in-digest',
          severity: 'high',
          bucket,
          key,
          message:
            'log file is in the trail folder but no digest lists it: injected, or delivered while validation was off',
          details: { namedAt: parsed.deliveredAt },
        });
      }
    }
  }
  return findings;
};
