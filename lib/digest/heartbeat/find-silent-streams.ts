import { formatDateFolder, formatDisplayDate } from '../core/python-dates.js';
import { DEFAULT_HEARTBEAT_SLACK_MS, DIGEST_INTERVAL_MS } from '../constants.js';
import { type DigestStream, digestStreamId, findDigestStreams } from './find-digest-streams.js';
import {
  HEARTBEAT_STATE_SCHEMA,
  type HeartbeatState,
  type HeartbeatStateStream,
  stateStreamOfKey,
} from './heartbeat-state.js';
import type { DigestStore, Finding } from '../types.js';

/** Settings of the digest heartbeat. */
export type HeartbeatOptions = {
  now: Date;
  /** Slack on top of the hourly cadence before a stream counts as silent (default 30 min). */
  slackMs?: number;
  /** How far back streams are discovered, and how long a silent stream stays watched (default 48 h). */
  lookbackMs?: number;
  /** What the previous run kept: the streams it watched and the newest digest of each. */
  previous?: HeartbeatState;
};

/** What one heartbeat saw. */
export type HeartbeatResult = {
  findings: Finding[];
  /** The streams the listing shows, with their newest digest in it. */
  streams: DigestStream[];
  /** What the next run should start from. */
  state: HeartbeatState;
};

const minutes = (ms: number): number => Math.floor(ms / 60_000);

const describe = (s: HeartbeatStateStream): string =>
  `trail ${s.trailName}, account ${s.accountId}, region ${s.sourceRegion}`;

const detailsOf = (s: HeartbeatStateStream): Record<string, unknown> => ({
  trailName: s.trailName,
  accountId: s.accountId,
  sourceRegion: s.sourceRegion,
  homeRegion: s.homeRegion,
  newestDigestEnd: s.newestEnd,
});

/** Whether the exact key still exists (a one-key listing: no body is read). */
const exists = async (store: DigestStore, bucket: string, key: string): Promise<boolean> => {
  for await (const found of store.list(bucket, key)) if (found === key) return true;
  return false;
};

/**
 * Watches the digest streams (trail × account × source region) of a bucket. CloudTrail delivers a
 * digest every hour even when no log file was written, so silence means logging or validation
 * stopped, or the newest digests were deleted, which `aws cloudtrail validate-logs` cannot see (it
 * starts from the newest digest that still exists).
 *
 * Streams are discovered from the digest folders of the last `lookbackMs` and merged with the
 * previous run's state, which remembers each stream's newest digest. Findings:
 * - `digest-deleted` (critical): the newest digest the state remembers is gone and nothing newer is
 *   listed. Deleting a stream's recent digests, all of them or the newest few, raises it.
 * - `digest-heartbeat-missing` (high): no digest within the last hour + `slackMs`.
 * - `digest-stream-vanished` (high): no digest for over `lookbackMs`; the stream leaves the state,
 *   so a trail deleted on purpose stops alerting, once, loudly.
 * A stream whose remembered digest was deleted keeps that digest in the state, so the finding
 * repeats on every run until a newer digest arrives or the stream leaves the state.
 *
 * @param store - the trail bucket's store
 * @param bucket - the trail bucket
 * @param options - clock, slack, lookback and the previous state (none on a first run)
 * @returns the findings, the streams listed, and the state to keep
 * @example
 * const { findings, state } = await findSilentStreams(s3DigestStore(s3), 'trail-bucket', { now: new Date(), previous });
 */
export const findSilentStreams = async (
  store: DigestStore,
  bucket: string,
  options: HeartbeatOptions
): Promise<HeartbeatResult> => {
  const now = options.now.getTime();
  const checkedAt = options.now.toISOString();
  const slack = options.slackMs ?? DEFAULT_HEARTBEAT_SLACK_MS;
  const lookback = options.lookbackMs ?? 48 * 3_600_000;
  const days = new Set<string>();
  for (let t = now - lookback; t < now + 86_400_000; t += 86_400_000)
    days.add(formatDateFolder(new Date(Math.min(t, now))));
  const streams = (await findDigestStreams(store, bucket, [...days])).filter(
    (s) => s.newestEnd !== undefined && now - s.newestEnd.getTime() <= lookback
  );
  const listed = new Map(streams.map((s) => [digestStreamId(s), s]));
  const remembered = new Map((options.previous?.streams ?? []).map((s) => [digestStreamId(s), s]));
  const findings: Finding[] = [];
  const kept: HeartbeatStateStream[] = [];
  for (const id of new Set([...listed.keys(), ...remembered.keys()])) {
    const seen = listed.get(id);
    const recorded = remembered.get(id);
    const firstSeenAt = recorded?.firstSeenAt ?? checkedAt;
    let entry = seen === undefined ? undefined : stateStreamOfKey(seen.newestKey as string, firstSeenAt);
    let deleted = false;
    if (recorded !== undefined && (entry === undefined || entry.newestEnd < recorded.newestEnd)) {
      // The state remembers a newer digest than the listing shows: gone, or (listing aged) still there.
      entry = recorded;
      deleted = !(await exists(store, bucket, recorded.newestKey));
    }
    if (entry === undefined) continue;
    const silentMs = now - Date.parse(entry.newestEnd);
    const leaving = silentMs > lookback;
    if (deleted) {
      findings.push({
        code: 'digest-deleted',
        severity: 'critical',
        bucket,
        key: entry.newestKey,
        message: `the newest digest a previous heartbeat saw for ${describe(entry)}, ending ${formatDisplayDate(
          new Date(entry.newestEnd)
        )}, is gone from the bucket, and ${
          seen
            ? `the newest left ends ${formatDisplayDate(seen.newestEnd as Date)}`
            : 'no digest of the stream is left in the lookback window'
        }: digests were deleted${leaving ? '; the stream is no longer watched' : ''}`,
        details: {
          ...detailsOf(entry),
          ...(seen && { newestListedKey: seen.newestKey, newestListedEnd: (seen.newestEnd as Date).toISOString() }),
          ...(leaving && { watched: false }),
        },
      });
    } else if (leaving) {
      findings.push({
        code: 'digest-stream-vanished',
        severity: 'high',
        bucket,
        key: entry.newestKey,
        message: `no digest for ${describe(entry)} since ${formatDisplayDate(new Date(entry.newestEnd))} (${Math.floor(
          silentMs / 3_600_000
        )} h): the stream is no longer watched; unless the trail was deleted or moved on purpose, logging or validation is off`,
        details: { ...detailsOf(entry), silentMinutes: minutes(silentMs), watched: false },
      });
    } else if (silentMs > DIGEST_INTERVAL_MS + slack) {
      findings.push({
        code: 'digest-heartbeat-missing',
        severity: 'high',
        bucket,
        key: entry.newestKey,
        message: `no digest for ${describe(entry)} since ${formatDisplayDate(new Date(entry.newestEnd))} (${minutes(
          silentMs
        )} min): logging or validation stopped, or the newest digests were deleted`,
        details: { ...detailsOf(entry), silentMinutes: minutes(silentMs) },
      });
    }
    if (!leaving) kept.push(entry);
  }
  return {
    findings,
    streams,
    state: { schema: HEARTBEAT_STATE_SCHEMA, trailBucket: bucket, checkedAt, streams: kept },
  };
};
