import type { Log } from '../model/log.js';
import { IpDatabaseError } from './errors.js';
import type { OfflineIpEnricher } from './offline-ip-enricher.js';
import { openIpEnricher } from './open-ip-enricher.js';

/**
 * The IP data folder, relative to the working folder: the checkout's build for the CLI and local
 * runs, and on Lambda (working folder `/var/task`) the copy serverless.yml packs into each zip
 * beside the bundle.
 */
export const DEFAULT_IP_DATA_DIR = '.build/ip-data';

/** A cold start's IP context: the enricher, or why there is none. */
export type ColdStartIpContext =
  | { enricher: OfflineIpEnricher; problem?: undefined }
  | { enricher?: undefined; problem: IpDatabaseError };

/**
 * A Lambda function's enricher, opened once per cold start: each file's header is checked now.
 * A missing or corrupt file is logged as one error naming it and handed back as the `problem`:
 * the function runs without the IP context (alerts carry no `context.sourceIPAddress`, rules
 * reading it do not match) and reports it as one configuration finding (ip-data-finding.ts),
 * rather than failing every invocation.
 * @param dir - the IP data folder (`TRAILWATCH_IP_DATA_DIR`, else {@link DEFAULT_IP_DATA_DIR})
 * @param log - where the error is logged
 * @example
 * const { enricher, problem } = coldStartIpEnricher(settings.context.ipDataDir, logger);
 */
export const coldStartIpEnricher = (dir: string | undefined, log: Log): ColdStartIpContext => {
  try {
    return { enricher: openIpEnricher(dir ?? DEFAULT_IP_DATA_DIR) };
  } catch (error) {
    if (!(error instanceof IpDatabaseError)) throw error;
    log.error('IP database unusable: the function runs without IP context', {
      file: error.file,
      reason: error.problem,
    });
    return { problem: error };
  }
};
