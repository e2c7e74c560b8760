import { type DigestStore, findingAlert, findSilentStreams, heartbeatKeyOf } from '../digest/index.js';
import type { AlertSink } from '../model/alert.js';
import type { Log } from '../model/log.js';
import type { Clock, ObjectStore } from '../model/ports.js';

/** What one heartbeat run needs. */
export type HeartbeatDeps = {
  /** Lists the trail bucket's digest folders. */
  digests: DigestStore;
  /** Writes the heartbeat record to the results bucket. */
  store: ObjectStore;
  trailBucket: string;
  resultsBucket: string;
  slackMs: number;
  lookbackMs: number;
  sink: AlertSink;
  log: Log;
  now?: Clock;
};

/**
 * One heartbeat: finds every digest stream silent for over an hour plus `slackMs`, writes what it saw to
 * `verdicts/heartbeat/…` and sends a `digest-heartbeat-missing` integrity alert per silent stream.
 * @returns the number of streams seen and of silent ones
 * @throws what the stores and the sink throw (the schedule's retry and destination keep the event)
 */
export const runHeartbeat = async (deps: HeartbeatDeps): Promise<{ streams: number; silent: number }> => {
  const now = deps.now?.() ?? new Date();
  const { findings, streams } = await findSilentStreams(deps.digests, deps.trailBucket, {
    now,
    slackMs: deps.slackMs,
    lookbackMs: deps.lookbackMs,
  });
  const at = now.toISOString();
  await deps.store.putJson(deps.resultsBucket, heartbeatKeyOf(deps.trailBucket, now), {
    checkedAt: at,
    streams,
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
  deps.log.info('digest heartbeat checked', { streams: streams.length, silent: findings.length });
  return { streams: streams.length, silent: findings.length };
};
