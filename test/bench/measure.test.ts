import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

describe('interleavedSeries', () => {
  it('runs the compared commands round by round, the order turning each round, after one warm-up of each', async () => {
    // Prepare: three commands that each append their letter to one file
    const dir = mkdtempSync(join(tmpdir(), 'tw-interleave-'));
    const log = join(dir, 'order');
    const append = (letter: string) => ({
      command: [process.execPath, '-e', `require('node:fs').appendFileSync(${JSON.stringify(log)}, '${letter}')`],
    });
    const { interleavedSeries } = await import('../../bench/measure.js');
    try {
      // Act
      const [a, b, c] = interleavedSeries([append('a'), append('b'), append('c')], 3);
      // Assess: warm-ups abc, then rounds abc, bca, cab
      expect(readFileSync(log, 'utf8')).toBe('abc' + 'abc' + 'bca' + 'cab');
      for (const series of [a, b, c]) {
        expect(series?.runs).toHaveLength(3);
        expect(series?.time.n).toBe(3);
        expect(series?.failed).toBeUndefined();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
