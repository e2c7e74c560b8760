import { DEFAULT_HEARTBEAT_SLACK_MS, DIGEST_INTERVAL_MS } from '../constants.js';
import { digestListingPrefix } from '../core/digest-keys.js';
import { formatDisplayDate } from '../core/python-dates.js';
import type { Finding, TrailCoordinates } from '../types.js';

/**
 * The missing-digest check over a validated range: when the newest digest of a trail ends more
 * than an hour + slack before `reference` (the end of the range, or now), the digests after it were
 * deleted or never written. The CLI starts its walk from the newest digest that still exists, so it
 * cannot tell.
 * @param trail - the trail and source region
 * @param newestEnd - end time of the newest digest seen
 * @param reference - the end of the range (or now, if earlier)
 * @param slackMs - slack on top of the hourly cadence (default 30 min)
 * @returns one `digest-heartbeat-missing` finding, or none
 */
export const rangeHeartbeat = (
  trail: TrailCoordinates,
  newestEnd: Date,
  reference: Date,
  slackMs = DEFAULT_HEARTBEAT_SLACK_MS
): Finding[] => {
  const silentMs = reference.getTime() - newestEnd.getTime();
  if (silentMs <= DIGEST_INTERVAL_MS + slackMs) return [];
  return [
    {
      code: 'digest-heartbeat-missing',
      severity: 'high',
      bucket: trail.bucket,
      key: `${digestListingPrefix(trail)}/`,
      message: `no digest delivered after ${formatDisplayDate(newestEnd)} although the range runs to ${formatDisplayDate(
        reference
      )}: logging stopped, validation was disabled, or the newest digests were deleted`,
      details: { newestDigestEnd: newestEnd.toISOString(), silentMinutes: Math.floor(silentMs / 60_000) },
    },
  ];
};
