import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadContextSettings } from '../config/context.js';
import { type IpDataBytes, type OfflineIpEnricher, openIpEnricher } from '../context/index.js';

/**
 * The checkout's IP data folder: this module runs from `lib/cli/` (sources) or `.build/cli-…/`
 * (the bundle), both two levels below the checkout.
 */
const CHECKOUT_IP_DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '.build', 'ip-data');

/** What a worker thread needs to share the main thread's IP databases: the folder and its bytes. */
export type WorkerIpData = { dir: string; bytes: IpDataBytes };

/**
 * The CLI's enricher: `TRAILWATCH_IP_DATA_DIR`, else the checkout's `.build/ip-data` (built by
 * `npm ci`). Headers are checked now; the files are read on the first lookup, into
 * SharedArrayBuffers, so worker threads share one copy.
 * @param env - usually `process.env`
 * @throws IpDatabaseError (a ConfigError: exit 2) naming a missing or corrupt file
 */
export const cliIpEnricher = (env: NodeJS.ProcessEnv): { dir: string; enricher: OfflineIpEnricher } => {
  const dir = loadContextSettings(env).ipDataDir ?? CHECKOUT_IP_DATA_DIR;
  return { dir, enricher: openIpEnricher(dir, { shared: true }) };
};
