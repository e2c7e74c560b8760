import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

/** Whether `moto_server` is on the PATH (`pip install 'moto[server]'`). */
export const hasMotoServer = (): boolean =>
  spawnSync('sh', ['-c', 'command -v moto_server'], { stdio: 'ignore' }).status === 0;

/** Printed once by every suite that skips for want of moto_server. */
export const MOTO_SKIP_REASON =
  "moto_server is not on the PATH: these tests are skipped (install it with: pip install 'moto[server]')";

export type MotoServer = {
  endpoint: string;
  /** Forgets every resource (POST /moto-api/reset), so each test starts from an empty account. */
  reset(): Promise<void>;
  close(): Promise<void>;
};

const freePort = async (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

const waitUntilUp = async (endpoint: string, child: ChildProcess): Promise<void> => {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within 20 s`);
};

/**
 * Starts moto's server on 127.0.0.1 and a free port: S3, CloudTrail, KMS, Organizations and
 * CloudFormation behind one endpoint, for the real SDK v3 clients.
 */
export const startMotoServer = async (): Promise<MotoServer> => {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  await waitUntilUp(endpoint, child);
  return {
    endpoint,
    reset: async () => {
      await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    },
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
};
