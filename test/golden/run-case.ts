import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { type GoldenCase, OUTPUTS_DIR, REPO_ROOT } from './cases.js';

/** What one case printed and returned, keyed by the extension of its committed file. */
export type CaseOutput = { stdout: string; stderr: string; 'exit-code': string };

/** The committed files of a case, one per stream and one for the exit code. */
export const OUTPUT_KINDS = ['stdout', 'stderr', 'exit-code'] as const satisfies ReadonlyArray<keyof CaseOutput>;

/** The path of a case's committed file, relative to the repository root. */
export const outputFile = (name: string, kind: keyof CaseOutput): string => `${OUTPUTS_DIR}/${name}.${kind}`;

/**
 * The whole environment of a case: nothing is inherited, so settings of the shell or of vitest
 * (POWERTOOLS_*, ALERT_*, AWS_PROFILE, a terminal) cannot change what the CLI prints. TZ and LANG
 * are pinned although no output depends on them today.
 */
const CASE_ENV: NodeJS.ProcessEnv = {
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  NODE_OPTIONS: '--openssl-legacy-provider',
  TZ: 'UTC',
  LANG: 'C.UTF-8',
  // tsx keeps its compile cache in the temporary folder.
  ...(process.env.TMPDIR !== undefined && { TMPDIR: process.env.TMPDIR }),
};

const LAUNCHER = join(REPO_ROOT, 'bin', 'trailwatch.mjs');

/**
 * Runs a case through the real launcher in a child process (stdout is a pipe, so the CLI picks
 * its non-terminal defaults) and captures both streams and the exit code.
 * @param golden - the case
 * @returns its output, in the form of the committed files
 * @throws when the process cannot start, is killed, or outlives the timeout
 */
export const runCase = (golden: GoldenCase): Promise<CaseOutput> =>
  new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [LAUNCHER, ...golden.args],
      { cwd: join(REPO_ROOT, golden.cwd), env: CASE_ENV, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : error.code;
        if (typeof code !== 'number') {
          reject(new Error(`trailwatch ${golden.args.join(' ')} did not exit normally: ${error?.message}`, { cause: error }));
          return;
        }
        resolve({ stdout, stderr, 'exit-code': `${code}\n` });
      }
    );
  });
