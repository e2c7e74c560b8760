import { once } from 'node:events';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY } from '../../lib/alerts/retry-policy.js';
import type { Alert } from '../../lib/model/alert.js';
import { type LauncherRun, STACK_LINE, spawnTrailwatch } from '../helpers/spawn-trailwatch.js';

const SAMPLE = 'events/objects/example-trail-bucket';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:unreachable';

/**
 * How long a run against a dead endpoint may take. The first send's notifications cost the sink's
 * documented retries (3 rounds, full-jitter pauses) and the rest none: about 2 s against a refused
 * port. Before a down destination was given up on, every notification paid them: 5-6 s against a
 * refused port and 11 s against the silent server with 200 ms calls, measured at load 4-6 on 2
 * cores; these bounds, five times those, keep a loaded machine green while a run that waits on
 * sockets (the SDK's 10 s request timeout per call) fails them.
 */
const REFUSED_BOUND_MS = 30_000;
const SILENT_BOUND_MS = 60_000;

/** A port nothing listens on: one the kernel just handed out, closed again. */
const refusedPort = async (): Promise<number> => {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
};

/** A server that accepts every connection and never answers a byte, counting the connections. */
const silentServer = async (): Promise<{ endpoint: string; connections: () => number; close: () => Promise<void> }> => {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    // Read and drop the request, so the client's close is seen.
    socket.resume();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    connections: () => connections,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
};

const timed = async (run: Promise<LauncherRun>): Promise<LauncherRun & { ms: number }> => {
  const started = performance.now();
  const done = await run;
  return { ...done, ms: performance.now() - started };
};

/** The alert ids each "not delivered" line of stderr names, in order (an id once per line). */
const undeliveredIds = (stderr: string): string[] =>
  stderr
    .split('\n')
    .filter((line) => line.startsWith('trailwatch detect: ') && line.includes('not delivered after retries'))
    .flatMap((line) => [...line.matchAll(/\b([0-9a-f]{32}) \(/g)].map((m) => m[1] as string));

describe('trailwatch detect with an alert endpoint that cannot be reached', () => {
  let expected: { stdout: string; ids: string[] };
  beforeAll(async () => {
    const run = await spawnTrailwatch(['detect', SAMPLE, '--format', 'jsonl']);
    expect(run.code).toBe(0);
    const ids = run.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as Alert).id);
    expected = { stdout: run.stdout, ids };
  });

  it('gives each destination up after its first send fails against a refused port, and exits 1 with the message', async () => {
    // Prepare
    const endpoint = `http://127.0.0.1:${await refusedPort()}`;
    // Act
    const run = await timed(
      spawnTrailwatch(['detect', SAMPLE, '--format', 'jsonl', '--sns-topic-arn', TOPIC, '--event-bus', 'default'], {
        env: { AWS_ENDPOINT_URL_SNS: endpoint, AWS_ENDPOINT_URL_EVENTBRIDGE: endpoint },
        timeoutMs: REFUSED_BOUND_MS * 2,
      })
    );
    // Assess: stdout is the run's data whether or not a sink took it. The first send's
    // notifications are tried at each destination; the rest are not tried against a destination
    // that refused them, and each is told once.
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(expected.stdout);
    const tried = [...new Set(undeliveredIds(run.stderr))];
    expect(tried.length).toBeGreaterThan(0);
    expect(tried).toEqual(expected.ids.slice(0, tried.length));
    expect(undeliveredIds(run.stderr)).toHaveLength(tried.length * 2);
    for (const sink of ['sns', 'eventbridge'])
      expect(run.stderr).toContain(
        `trailwatch detect: ${sink} given up on after a send failed with it down (ECONNREFUSED): ${expected.ids.length - tried.length} more alerts were not sent\n`
      );
    expect(run.stderr).toContain(
      `${expected.ids.length} notifications, sent to sns and eventbridge except ${expected.ids.length} undelivered`
    );
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.ms).toBeLessThan(REFUSED_BOUND_MS);
  });

  describe('against a server that accepts connections and never answers', () => {
    let server: Awaited<ReturnType<typeof silentServer>>;
    beforeAll(async () => {
      server = await silentServer();
    });
    afterAll(async () => server?.close());

    it('makes the documented attempts for the first send, gives the destination up, and exits 1 with the message', async () => {
      // Act: one SDK attempt of 200 ms per round, so the rounds are the only retries
      const run = await timed(
        spawnTrailwatch(['detect', SAMPLE, '--format', 'jsonl', '--sns-topic-arn', TOPIC], {
          env: {
            AWS_ENDPOINT_URL_SNS: server.endpoint,
            ALERT_REQUEST_TIMEOUT_MS: '200',
            ALERT_MAX_ATTEMPTS: '1',
          },
          timeoutMs: SILENT_BOUND_MS * 2,
        })
      );
      // Assess
      expect(run.code).toBe(1);
      expect(run.stdout).toBe(expected.stdout);
      const tried = undeliveredIds(run.stderr);
      expect(tried).toEqual(expected.ids.slice(0, tried.length));
      expect(run.stderr).toContain(
        `sns given up on after a send failed with it down (ETIMEDOUT): ${expected.ids.length - tried.length} more alerts were not sent`
      );
      expect(run.stderr).toContain(
        `${expected.ids.length} notifications, sent to sns except ${expected.ids.length} undelivered`
      );
      expect(run.stderr).not.toMatch(STACK_LINE);
      expect(run.ms).toBeLessThan(SILENT_BOUND_MS);
      // SNS publishes each alert on its own; a timed-out call's socket is dropped, so every
      // attempt is one connection: the documented rounds for each notification of the first
      // send, and none for the notifications after it.
      expect(server.connections()).toBe(tried.length * DEFAULT_RETRY_POLICY.attempts);
    });
  });
});
