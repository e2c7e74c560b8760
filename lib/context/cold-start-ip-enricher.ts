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

/**
 * A Lambda function's enricher, opened once per cold start: each file's header is checked now.
 * A missing or corrupt file is logged as one error naming it, then thrown, so the function
 * fails its initialisation (and every invocation says why) rather than alert without context.
 * @param dir - the IP data folder (`TRAILWATCH_IP_DATA_DIR`, else {@link DEFAULT_IP_DATA_DIR})
 * @param log - where the error is logged
 * @throws IpDatabaseError naming the file
 */
export const coldStartIpEnricher = (dir: string | undefined, log: Log): OfflineIpEnricher => {
  try {
    return openIpEnricher(dir ?? DEFAULT_IP_DATA_DIR);
  } catch (error) {
    if (error instanceof IpDatabaseError)
      log.error('IP database unusable: the function cannot start', { file: error.file, reason: error.message });
    throw error;
  }
};
