import { formatDateFolder, formatDisplayDate } from '../core/python-dates.js';
import { DEFAULT_HEARTBEAT_SLACK_MS, DIGEST_INTERVAL_MS } from '../constants.js';
import { type DigestStream, findDigestStreams } from './find-digest-streams.js';
import type { DigestStore, Finding } from '../types.js';

/** Settings of the digest heartbeat. */
export type HeartbeatOptions = {
  now: Date;
  /** Slack on top of the hourly cadence before a stream counts as silent (default 30 min). */
  slackMs?: number;
  /** How far back streams are discovered (default 48 h): a stream silent longer drops off. */
  lookbackMs?: number;
};

/**
 * Finds digest streams (trail × account × source region) that have gone silent: no digest ending
 * within the last hour + slack. CloudTrail delivers a digest every hour even when no log file was
 * written, so silence means logging or validation stopped, or the newest digests were deleted, which
 * `aws cloudtrail validate-logs` cannot see (it starts from the newest digest that still exists).
 *
 * Streams are discovered from the digest folders of the last `lookbackMs`, so a stream stays watched
 * for that long after its last digest; a trail deleted on purpose stops alerting after that.
 *
 * @param store - the trail bucket's store
 * @param bucket - the trail bucket
 * @param options - clock, slack, lookback
 * @returns one `digest-heartbeat-missing` finding per silent stream, and the streams seen
 * @example
 * const { findings } = await findSilentStreams(s3DigestStore(s3), 'trail-bucket', { now: new Date() });
 */
export const findSilentStreams = async (
  store: DigestStore,
  bucket: string,
  options: HeartbeatOptions
): Promise<{ findings: Finding[]; streams: DigestStream[] }> => {
  const now = options.now.getTime();
  const slack = options.slackMs ?? DEFAULT_HEARTBEAT_SLACK_MS;
  const lookback = options.lookbackMs ?? 48 * 3_600_000;
  const days = new Set<string>();
  for (let t = now - lookback; t < now + 86_400_000; t += 86_400_000)
    days.add(formatDateFolder(new Date(Math.min(t, now))));
  const streams = (await findDigestStreams(store, bucket, [...days])).filter(
    (s) => s.newestEnd !== undefined && now - s.newestEnd.getTime() <= lookback
  );
  const findings: Finding[] = [];
  for (const stream of streams) {
    const newestEnd = stream.newestEnd as Date;
    const silentMs = now - newestEnd.getTime();
    if (silentMs <= DIGEST_INTERVAL_MS + slack) continue;
    findings.push({
      code: 'digest-heartbeat-missing',
      severity: 'high',
      bucket,
      key: stream.newestKey as string,
      message: `no digest for trail ${stream.trailName}, account ${stream.accountId}, region ${stream.sourceRegion} since ${formatDisplayDate(
        newestEnd
      )} (${Math.floor(silentMs / 60_000)} min): logging or validation stopped, or the newest digests were deleted`,
      details: {
        trailName: stream.trailName,
        accountId: stream.accountId,
        sourceRegion: stream.sourceRegion,
        homeRegion: stream.homeRegion,
        newestDigestEnd: newestEnd.toISOString(),
        silentMinutes: Math.floor(silentMs / 60_000),
      },
    });
  }
  return { findings, streams };
};
