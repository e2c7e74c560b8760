import { formatDisplayDate } from '../core/python-dates.js';
import { DEFAULT_HEARTBEAT_SLACK_MS } from '../constants.js';
import type { DigestStream } from './find-digest-streams.js';
import type { Finding, TrailDigestStatus, TrailStatusSource } from '../types.js';

/** One trail's GetTrailStatus answer, or why there is none. */
export type TrailStatusReading = { trailArn: string; status?: TrailDigestStatus; error?: string };

const TRAIL_ARN = /^arn:aws[a-z-]*:cloudtrail:([a-z0-9-]+):(\d{12}):trail\/(.+)$/;

/**
 * Asks CloudTrail for each trail's status, all at once. A trail whose status cannot be read is
 * kept with its error, never dropped: {@link crossCheckTrailStatus} reports it.
 * @param source - GetTrailStatus (lib/aws/trail-status.ts)
 * @param trailArns - the trails writing to the watched bucket
 */
export const readTrailStatuses = (
  source: TrailStatusSource,
  trailArns: readonly string[]
): Promise<TrailStatusReading[]> =>
  Promise.all(
    trailArns.map(async (trailArn) => {
      try {
        return { trailArn, status: await source(trailArn) };
      } catch (error) {
        const e = error as { name?: string; message?: string };
        return { trailArn, error: `${e.name ?? 'Error'}: ${e.message ?? String(error)}` };
      }
    })
  );

/** Settings of the cross-check; the same as the heartbeat's. */
export type CrossCheckOptions = {
  now: Date;
  /** How late a digest may land after its end time before it counts as missing (default 30 min). */
  slackMs?: number;
  /** How far back the listing looked (default 48 h): an older delivery time is not compared. */
  lookbackMs?: number;
};

/**
 * Compares what CloudTrail says it delivered with what the bucket holds. GetTrailStatus's
 * `LatestDigestDeliveryTime` is when CloudTrail last wrote a digest for the trail; a listing whose
 * newest digest of that trail ends more than `slackMs` before it means the newest digests were
 * deleted (`digest-deleted`, critical). This holds without any state, so it also covers the first
 * run and a lost state. Read the statuses before listing, so a digest delivered in between is listed.
 *
 * A trail matches the streams with its name and home region, in its own account or, for an
 * organization trail, in any member account. A status that could not be read is a
 * `trail-status-unreadable` finding (high): a trail deleted, renamed, or the permission gone.
 *
 * @param readings - what {@link readTrailStatuses} returned
 * @param streams - the streams the listing shows
 * @param bucket - the trail bucket
 * @param options - clock, slack, lookback
 * @returns the findings, none when the bucket holds what CloudTrail delivered
 * @example
 * const findings = crossCheckTrailStatus(await readTrailStatuses(source, arns), streams, 'trail-bucket', { now });
 */
export const crossCheckTrailStatus = (
  readings: readonly TrailStatusReading[],
  streams: readonly DigestStream[],
  bucket: string,
  options: CrossCheckOptions
): Finding[] => {
  const now = options.now.getTime();
  const slack = options.slackMs ?? DEFAULT_HEARTBEAT_SLACK_MS;
  const lookback = options.lookbackMs ?? 48 * 3_600_000;
  const findings: Finding[] = [];
  for (const { trailArn, status, error } of readings) {
    const [, homeRegion = '', accountId = '', trailName = ''] = TRAIL_ARN.exec(trailArn) ?? [];
    const where = { trailArn, accountId, sourceRegion: homeRegion };
    if (status === undefined) {
      findings.push({
        code: 'trail-status-unreadable',
        severity: 'high',
        bucket,
        key: trailArn,
        message: `GetTrailStatus for ${trailArn} failed (${error}): the trail's digest deliveries cannot be compared with the bucket; the trail may be deleted or renamed, or the permission removed`,
        details: { ...where, error },
      });
      continue;
    }
    const delivered = status.latestDigestDeliveryTime;
    if (delivered === undefined || now - delivered.getTime() > lookback) continue;
    let newest: DigestStream | undefined;
    for (const s of streams) {
      if (s.trailName !== trailName || s.homeRegion !== homeRegion) continue;
      if (s.accountId !== accountId && s.organizationId === undefined) continue;
      if (newest === undefined || (s.newestEnd as Date) > (newest.newestEnd as Date)) newest = s;
    }
    const newestEnd = newest?.newestEnd;
    if (newestEnd !== undefined && delivered.getTime() - newestEnd.getTime() <= slack) continue;
    findings.push({
      code: 'digest-deleted',
      severity: 'critical',
      bucket,
      key: newest?.newestKey ?? trailArn,
      message: `CloudTrail last delivered a digest for ${trailArn} at ${formatDisplayDate(delivered)}, but ${
        newestEnd
          ? `the newest in the bucket ends ${formatDisplayDate(newestEnd)}`
          : 'the bucket holds none of the lookback window'
      }: the newest digests were deleted`,
      details: {
        ...where,
        latestDigestDeliveryTime: delivered.toISOString(),
        ...(newestEnd && { newestListedKey: newest?.newestKey, newestListedEnd: newestEnd.toISOString() }),
        ...(status.isLogging !== undefined && { isLogging: status.isLogging }),
        ...(status.latestDigestDeliveryError && { latestDigestDeliveryError: status.latestDigestDeliveryError }),
      },
    });
  }
  return findings;
};
