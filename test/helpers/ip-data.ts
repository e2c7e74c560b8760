import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { checkIpData, ipDataFiles } from '../../lib/context/ip-data.js';

/** The IP data folder `npm ci` builds (scripts/build-ip-data.ts). */
export const IP_DATA_DIR = join(import.meta.dirname, '..', '..', '.build', 'ip-data');

/**
 * Builds the IP data folder when a checkout has none yet, or one this code cannot read (a file
 * missing, or of an older format): vitest globalSetup.
 */
export const setup = (): void => {
  try {
    checkIpData(ipDataFiles(IP_DATA_DIR));
    return;
  } catch {
    // Built below.
  }
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-ip-data.ts'], {
    cwd: join(import.meta.dirname, '..', '..'),
    stdio: 'inherit',
  });
};
