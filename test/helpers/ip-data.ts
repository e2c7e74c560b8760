import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The IP data folder `npm ci` builds (scripts/build-ip-data.ts). */
export const IP_DATA_DIR = join(import.meta.dirname, '..', '..', '.build', 'ip-data');

/** Builds the IP data folder when a checkout has none yet (vitest globalSetup). */
export const setup = (): void => {
  if (existsSync(join(IP_DATA_DIR, 'asn.bin'))) return;
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-ip-data.ts'], {
    cwd: join(import.meta.dirname, '..', '..'),
    stdio: 'inherit',
  });
};
