import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

/** Whether `moto_server` is on PATH (tests that need it skip with a reason when it is not). */
export const motoServerPath = (): string | undefined => {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'moto_server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
};

export type MotoServer = { endpoint: string; close(): Promise<void> };

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });

/**
 * Starts moto_server (a real implementation of SNS, SQS, EventBridge, Organizations…) on
 * 127.0.0.1 with a free port, and waits until it answers.
 * @param options - `accountId`: the account every request acts in (moto's MOTO_ACCOUNT_ID;
 *   its default is 123456789012), so an organization created there has that account as its
 *   management account
 * @throws when it does not come up within 20 s
 */
export const startMoto = async (options: { accountId?: string } = {}): Promise<MotoServer> => {
  const binary = motoServerPath();
  if (binary === undefined) throw new Error('moto_server is not on PATH');
  const port = await freePort();
  const child: ChildProcess = spawn(binary, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore',
    ...(options.accountId !== undefined && { env: { ...process.env, MOTO_ACCOUNT_ID: options.accountId } }),
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      await res.arrayBuffer();
      break;
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill();
        throw new Error(`moto_server did not start on port ${port}`, { cause: error });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    endpoint,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
};
