import {
  corruptStateFinding,
  crossCheckTrailStatus,
  type DigestStore,
  type Finding,
  findingAlert,
  findSilentStreams,
  type HeartbeatState,
  HeartbeatStateError,
  heartbeatKeyOf,
  heartbeatStateKeyOf,
  parseHeartbeatState,
  readTrailStatuses,
  type TrailStatusSource,
} from '../digest/index.js';
import type { AlertSink } from '../model/alert.js';
import { ObjectNotFoundError } from '../model/errors.js';
import type { Log } from '../model/log.js';
import type { Clock, ObjectStore } from '../model/ports.js';

/** What one heartbeat run needs. */
export type HeartbeatDeps = {
  /** Lists the trail bucket's digest folders. */
  digests: DigestStore;
  /** Reads and writes the heartbeat's state, writes the heartbeat record (the results bucket). */
  store: ObjectStore;
  trailBucket: string;
  resultsBucket: string;
  slackMs: number;
  lookbackMs: number;
  /**
   * The trails writing to `trailBucket` (`arns`, none: no cross-check) and GetTrailStatus
   * (lib/aws/trail-status.ts), to cross-check CloudTrail's last digest delivery with the bucket.
   */
  trails?: { arns: readonly string[]; status: TrailStatusSource };
  sink: AlertSink;
  log: Log;
  now?: Clock;
};

/** The previous run's state: none on a first run; a damaged one is refused (the caller reports it). */
const readState = async (deps: HeartbeatDeps, key: string): Promise<HeartbeatState | undefined> => {
  let bytes: Buffer;
  try {
    bytes = await deps.store.read({ bucket: deps.resultsBucket, key });
  } catch (error) {
    if (!(error instanceof ObjectNotFoundError)) throw error;
    deps.log.info('heartbeat state absent, first run', { bucket: deps.resultsBucket, key });
    return undefined;
  }
  return parseHeartbeatState(bytes, deps.trailBucket);
};

/**
 * One heartbeat. Reads the state it kept (`state/heartbeat/<trail bucket>.json` in the results
 * bucket), asks GetTrailStatus about each configured trail, lists the recent digest folders, and
 * raises an integrity alert for each stream that went silent, vanished or lost its newest digests,
 * for each trail whose last delivered digest the bucket no longer holds, and for a damaged state.
 * It writes what it saw to `verdicts/heartbeat/…`, sends the alerts, and only then writes the new
 * state, so a failed send is repeated by the next run.
 * @returns the number of streams listed and of findings raised
 * @throws what the stores and the sink throw (the schedule's retry and destination keep the event)
 */
export const runHeartbeat = async (deps: HeartbeatDeps): Promise<{ streams: number; findings: number }> => {
  const now = deps.now?.() ?? new Date();
  const at = now.toISOString();
  const stateKey = heartbeatStateKeyOf(deps.trailBucket);
  const findings: Finding[] = [];
  let previous: HeartbeatState | undefined;
  try {
    previous = await readState(deps, stateKey);
  } catch (error) {
    if (!(error instanceof HeartbeatStateError)) throw error;
    deps.log.warn('heartbeat state unreadable', error);
    findings.push(corruptStateFinding(deps.resultsBucket, deps.trailBucket, error));
  }
  // Statuses first: a digest CloudTrail delivers after this call is then in the listing, never missing.
  const statuses = deps.trails ? await readTrailStatuses(deps.trails.status, deps.trails.arns) : [];
  const options = { now, slackMs: deps.slackMs, lookbackMs: deps.lookbackMs };
  const seen = await findSilentStreams(deps.digests, deps.trailBucket, { ...options, previous });
  findings.push(...seen.findings, ...crossCheckTrailStatus(statuses, seen.streams, deps.trailBucket, options));
  await deps.store.putJson(deps.resultsBucket, heartbeatKeyOf(deps.trailBucket, now), {
    checkedAt: at,
    streams: seen.streams,
    trailStatus: statuses,
    findings,
  });
  await deps.sink.send(
    findings.map((f) =>
      findingAlert(f, {
        account: f.details?.accountId as string,
        region: f.details?.sourceRegion as string,
        at,
        digest: f.key,
      })
    )
  );
  await deps.store.putJson(deps.resultsBucket, stateKey, seen.state);
  deps.log.info('digest heartbeat checked', {
    streams: seen.streams.length,
    watched: seen.state.streams.length,
    trails: statuses.length,
    findings: findings.length,
  });
  return { streams: seen.streams.length, findings: findings.length };
};
