import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { IP_DATA_FILES } from '../../lib/context/constants.js';

/** The IP data folder `npm ci` builds (scripts/build-ip-data.ts). */
export const IP_DATA_DIR = join(import.meta.dirname, '..', '..', '.build', 'ip-data');

/** Builds the IP data folder when a checkout has none yet, or one without a file it now holds (vitest globalSetup). */
export const setup = (): void => {
  if (Object.values(IP_DATA_FILES).every((name) => existsSync(join(IP_DATA_DIR, name)))) return;
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-ip-data.ts'], {
    cwd: join(import.meta.dirname, '..', '..'),
    stdio: 'inherit',
  });
};
