import { afterEach, describe, expect, it, vi } from 'vitest';

describe('the environment of measured processes', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('leaves out NODE_EXTRA_CA_CERTS, which Node parses at every start, and the bench’s NODE_OPTIONS', async () => {
    // Prepare: a machine that sets both (this one sets the first)
    vi.stubEnv('NODE_EXTRA_CA_CERTS', '/etc/ssl/certs/ca-certificates.crt');
    vi.stubEnv('NODE_OPTIONS', '--openssl-legacy-provider');
    vi.stubEnv('TRAILWATCH_BENCH_PROBE', 'kept');
    const { runProcess } = await import('../../bench/measure.js');
    // Act
    const run = runProcess(
      [
        process.execPath,
        '-e',
        'console.log(JSON.stringify([process.env.NODE_EXTRA_CA_CERTS ?? null, process.env.NODE_OPTIONS, process.env.TRAILWATCH_BENCH_PROBE]))',
      ],
      { keepStdout: true }
    );
    // Assess
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([null, '', 'kept']);
  });
});
