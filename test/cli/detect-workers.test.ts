import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../lib/model/alert.js';
import type { CloudTrailRecord } from '../../lib/model/record.js';
import { encodeLogFile, generateRecords, logFileKey } from '../../tools/sample/generate-trail.js';
import { SAMPLE_TRAIL } from '../golden/cases.js';
import { at, consoleLogin } from '../helpers/correlation-records.js';
import { runTrailwatch } from '../helpers/run-cli.js';

const ACCOUNT = '111122223333';

/** One CloudTrail log file, named and laid out as the trail bucket holds it. */
const logFile = (dir: string, delivered: string, unique: string, records: CloudTrailRecord[]): void => {
  const folder = join(dir, 'AWSLogs', ACCOUNT, 'CloudTrail', 'us-east-1', '2026', '03', '04');
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, `${ACCOUNT}_CloudTrail_us-east-1_20260304T${delivered}Z_${unique}.json.gz`),
    gzipSync(JSON.stringify({ Records: records }))
  );
};

const failures = (user: string, ip: string, minutes: number[]) =>
  minutes.map((m) => consoleLogin(at(m), 'Failure', user, ip));

/**
 * A trail copy whose console sign-in burst (5 failures in 10 minutes) straddles two deliveries,
 * with a burst inside one file, and generated traffic (notable events included) around them.
 */
const writeTrail = (dir: string): void => {
  logFile(dir, '0505', 'aaaaBBBBccccDDD1', failures('alice', '203.0.113.9', [1, 2, 3]));
  logFile(dir, '0510', 'aaaaBBBBccccDDD2', failures('alice', '203.0.113.9', [4, 5]));
  logFile(dir, '0515', 'aaaaBBBBccccDDD3', failures('bob', '198.51.100.77', [10, 10, 11, 11, 12, 12]));
  for (let i = 0; i < 6; i++) {
    const start = new Date(Date.UTC(2026, 2, 4, 6, 5 * i));
    const path = join(dir, logFileKey(ACCOUNT, 'us-east-1', start, `W${String(i).padStart(15, '0')}`));
    mkdirSync(join(path, '..'), { recursive: true });
    const records = generateRecords({ seed: 700 + i, account: ACCOUNT, region: 'us-east-1', start, count: 40 });
    writeFileSync(path, encodeLogFile(records));
  }
};

const lines = (text: string): Alert[] =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Alert);

describe('trailwatch detect in worker threads while correlating', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tw-detect-workers-'));
    writeTrail(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['notifications', ['--format', 'jsonl']],
    ['--per-file', ['--format', 'jsonl', '--per-file']],
    ['--format table', ['--format', 'table']],
  ])('prints the same bytes with 1 and 3 workers when a threshold burst straddles files: %s', async (_, options) => {
    // Act
    const one = await runTrailwatch(['detect', dir, ...options, '--workers', '1']);
    const three = await runTrailwatch(['detect', dir, ...options, '--workers', '3']);
    // Assess
    expect(one.rc).toBe(0);
    expect(three).toEqual(one);
    expect(one.stdout).toContain('console-login-failure-burst');
  });

  it('fires the burst that straddles two files once, whatever the worker count', async () => {
    // Act
    const three = await runTrailwatch(['detect', dir, '--format', 'jsonl', '--workers', '3']);
    // Assess
    const bursts = lines(three.stdout).filter((a) => a.ruleId === 'console-login-failure-burst');
    expect(bursts.map((a) => [a.sourceIPAddress, a.lifecycle, a.count])).toEqual([
      ['203.0.113.9', 'opened', 5],
      ['198.51.100.77', 'opened', 6],
    ]);
  });

  it('judges a threshold within each file in worker threads with --per-file', async () => {
    // Act
    const three = await runTrailwatch(['detect', dir, '--format', 'jsonl', '--per-file', '--workers', '3']);
    // Assess
    const bursts = lines(three.stdout).filter((a) => a.ruleId === 'console-login-failure-burst');
    expect(bursts.map((a) => [a.sourceIPAddress, a.count])).toEqual([['198.51.100.77', 6]]);
  });

  it('writes the same --state with 1 and 3 workers', async () => {
    // Prepare
    const state = mkdtempSync(join(tmpdir(), 'tw-detect-workers-state-'));
    // Act
    const one = await runTrailwatch(['detect', dir, '--state', join(state, 'one.json'), '--workers', '1']);
    const three = await runTrailwatch(['detect', dir, '--state', join(state, 'three.json'), '--workers', '3']);
    // Assess
    expect(three).toEqual(one);
    // Expiry is counted from the wall clock of the run, to the second: the rest is byte for byte.
    const written = (name: string) =>
      readFileSync(join(state, name), 'utf8').replace(/"expiresAt":\d+/g, '"expiresAt":0');
    expect(written('three.json')).toBe(written('one.json'));
    expect(JSON.parse(readFileSync(join(state, 'one.json'), 'utf8')).correlation.correlations).not.toEqual({});
    rmSync(state, { recursive: true, force: true });
  });

  it('reads in as many threads as asked while correlating, as --verbose says', async () => {
    // Act
    const three = await runTrailwatch(['detect', dir, '--workers', '3', '--verbose']);
    // Assess
    const said = three.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { message: string; threads?: number; files?: number; usableCores?: number })
      .filter((l) => l.message === 'reading files');
    expect(said).toEqual([expect.objectContaining({ files: 9, threads: 3 })]);
    // And what a default count would have gone by: the cores and memory the process may use.
    expect(said[0]?.usableCores).toBeGreaterThanOrEqual(1);
    expect(said[0]?.usableCores).toBeLessThanOrEqual(availableParallelism());
    expect(said[0]).toEqual(expect.objectContaining({ memoryLimitMb: expect.any(Number) }));
  });

  it('says per file in --verbose as many alerts as --per-file gives, with 1 and 3 workers', async () => {
    // Prepare
    const processed = (stderr: string) =>
      stderr
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { message: string; key?: string; alerts?: number })
        .filter((l) => l.message === 'log file processed')
        .map((l) => [l.key, l.alerts]);
    // Act
    const perFile = await runTrailwatch(['detect', SAMPLE_TRAIL, '--per-file', '--verbose', '--workers', '1']);
    const one = await runTrailwatch(['detect', SAMPLE_TRAIL, '--verbose', '--workers', '1']);
    const three = await runTrailwatch(['detect', SAMPLE_TRAIL, '--verbose', '--workers', '3']);
    // Assess
    const counts = processed(perFile.stderr);
    expect(counts.reduce((n, [, alerts]) => n + Number(alerts), 0)).toBeGreaterThan(0);
    expect(processed(one.stderr)).toEqual(counts);
    expect(processed(three.stderr)).toEqual(counts);
  });

  it.each([
    ['notifications', ['--format', 'jsonl']],
    ['--per-file', ['--format', 'jsonl', '--per-file']],
    ['--format table', ['--format', 'table']],
  ])('prints the same bytes with 1 and 3 workers on the golden sample trail: %s', async (_, options) => {
    // Act
    const one = await runTrailwatch(['detect', SAMPLE_TRAIL, ...options, '--workers', '1']);
    const three = await runTrailwatch(['detect', SAMPLE_TRAIL, ...options, '--workers', '3']);
    // Assess
    expect(one.rc).toBe(0);
    expect(three).toEqual(one);
    expect(one.stdout.length).toBeGreaterThan(100);
  });
});
