import type { Context } from 'aws-lambda';
import { createAlertSink } from '../lib/alerts/create-alert-sink.js';
import { loadAlertSinkConfig } from '../lib/alerts/load-alert-sink-config.js';
import { createClients } from '../lib/aws/clients.js';
import { s3DigestStore } from '../lib/aws/digest-store.js';
import { putJson } from '../lib/aws/s3.js';
import { loadConfig, requireResultsBucket } from '../lib/config.js';
import {
  findingAlert,
  findSilentStreams,
  heartbeatKeyOf,
  loadDigestConfig,
  requireTrailBucket,
} from '../lib/digest/index.js';
import { logger } from '../lib/logger.js';

const config = loadConfig(process.env);
const digestConfig = loadDigestConfig(process.env);
const { s3 } = createClients(config);
const store = s3DigestStore(s3);
const sink = createAlertSink(loadAlertSinkConfig(process.env));

/** Scheduled: raises `digest-heartbeat-missing` for every digest stream silent for over 1 h + slack. */
export const handler = async (_event: unknown, context: Context): Promise<void> => {
  logger.addContext(context);
  const bucket = requireTrailBucket(digestConfig);
  const now = new Date();
  const { findings, streams } = await findSilentStreams(store, bucket, {
    now,
    slackMs: digestConfig.heartbeatSlackMs,
    lookbackMs: digestConfig.heartbeatLookbackMs,
  });
  await putJson(s3, requireResultsBucket(config), heartbeatKeyOf(bucket, now), {
    checkedAt: now.toISOString(),
    streams,
    findings,
  });
  const at = now.toISOString();
  await sink.send(
    findings.map((f) =>
      findingAlert(f, {
        account: f.details?.accountId as string,
        region: f.details?.sourceRegion as string,
        at,
        digest: f.key,
      })
    )
  );
  logger.info('digest heartbeat checked', { streams: streams.length, silent: findings.length });
};
