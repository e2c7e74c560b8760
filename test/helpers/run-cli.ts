import { execFile } from 'node:child_process';
import { main } from '../../lib/cli/main.js';

export type CliRun = { stdout: string; stderr: string; rc: number };

/** Runs a trailwatch subcommand in-process, capturing its output. */
export const runTrailwatch = async (args: string[]): Promise<CliRun> => {
  let stdout = '';
  let stderr = '';
  const rc = await main(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    isTty: false,
  });
  return { stdout, stderr, rc };
};

/** Runs the `aws` CLI asynchronously (servers in this process keep answering), never throwing on exit codes. */
export const runAws = (args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> =>
  new Promise((resolve, reject) => {
    execFile(
      'aws',
      args,
      { env, encoding: 'utf8', timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = (error as { code?: unknown } | null)?.code;
        if (error && typeof code !== 'number') reject(error);
        else resolve({ stdout, stderr, rc: typeof code === 'number' ? code : 0 });
      }
    );
  });

/** Runs at most `limit` jobs at once, results in input order. */
export const mapLimit = async <T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> => {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};

/** Whether an executable is on PATH. */
export const hasBinary = async (name: string): Promise<boolean> =>
  new Promise((resolve) => execFile('sh', ['-c', `command -v ${name}`], (error) => resolve(!error)));
