import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** The checkout (the launcher's folder's parent). */
export const REPO_ROOT = join(import.meta.dirname, '..', '..');

/** What one run of the launcher printed and returned. */
export type LauncherRun = { code: number; stdout: string; stderr: string };

/**
 * The environment of a launcher run: nothing is inherited from vitest (which silences the
 * Powertools logger with POWERTOOLS_LOG_LEVEL=SILENT and would hide a log line on stdout), so a run
 * sees what a user's shell gives it. `extra` adds endpoints and settings.
 */
const launcherEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  NODE_OPTIONS: '--openssl-legacy-provider',
  ...(process.env.PATH !== undefined && { PATH: process.env.PATH }),
  // tsx keeps its compile cache in the temporary folder.
  ...(process.env.TMPDIR !== undefined && { TMPDIR: process.env.TMPDIR }),
  ...extra,
});

/**
 * Runs `node bin/trailwatch.mjs <args>` in a child process, as a user's shell would (stdout a
 * pipe, not a terminal), asynchronously, so servers in the test process keep answering.
 * @param args - the arguments after `trailwatch`
 * @param options - extra environment, working directory (default: the checkout)
 * @returns the exit code and both streams
 * @throws when the process cannot start, is killed or outlives the timeout
 */
export const spawnTrailwatch = (
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}
): Promise<LauncherRun> =>
  new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(REPO_ROOT, 'bin', 'trailwatch.mjs'), ...args],
      {
        cwd: options.cwd ?? REPO_ROOT,
        env: launcherEnv(options.env ?? {}),
        encoding: 'utf8',
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : error.code;
        if (typeof code !== 'number') {
          reject(new Error(`trailwatch ${args.join(' ')} did not exit normally: ${error?.message}`, { cause: error }));
          return;
        }
        resolve({ code, stdout, stderr });
      }
    );
  });

/** Lines of a stack trace (`    at fn (file:line)`): none may reach a user for a user error. */
export const STACK_LINE = /^\s+at /m;
