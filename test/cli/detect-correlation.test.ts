import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../lib/model/alert.js';
import type { CloudTrailRecord } from '../../lib/model/record.js';
import { runCli } from '../helpers/cli.js';
import { at, consoleLogin } from '../helpers/correlation-records.js';

/** One CloudTrail log file, named and laid out as the trail bucket holds it. */
const logFile = (dir: string, delivered: string, unique: string, records: CloudTrailRecord[]): string => {
  const folder = join(dir, 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1', '2026', '03', '04');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `111122223333_CloudTrail_us-east-1_20260304T${delivered}Z_${unique}.json.gz`);
  writeFileSync(path, gzipSync(JSON.stringify({ Records: records })));
  return path;
};

const lines = (text: string): Alert[] =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Alert);

const failures = (minutes: number[]) => minutes.map((m) => consoleLogin(at(m), 'Failure', 'alice', '203.0.113.9'));

describe('trailwatch detect: thresholds and correlations across files and runs', () => {
  it('continues a threshold window in the next run sharing --state, and opens its incident once', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'tw-corr-cli-'));
    const state = join(dir, 'state.json');
    const yesterday = logFile(dir, '0505', 'aaaaBBBBccccDDD1', failures([1, 2, 3]));
    const today = logFile(dir, '0510', 'aaaaBBBBccccDDD2', failures([4, 5]));
    // Act
    const first = await runCli(['detect', yesterday, '--state', state]);
    const second = await runCli(['detect', today, '--state', state]);
    const again = await runCli(['detect', yesterday, today, '--state', state]);
    // Assess
    expect(lines(first.stdout).filter((a) => a.ruleId === 'console-login-failure-burst')).toEqual([]);
    expect(lines(second.stdout).map((a) => [a.ruleId, a.lifecycle, a.count])).toEqual([
      ['console-login-failure-burst', 'opened', 5],
    ]);
    expect(again.stdout).toBe('');
    expect(JSON.parse(readFileSync(state, 'utf8')).correlation.correlations).not.toEqual({});
  });

  it('fires a Sigma correlation from --rules once over two files, and per file with --per-file', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'tw-corr-cli-'));
    const a = logFile(dir, '0505', 'aaaaBBBBccccDDD1', failures([1, 2]));
    const b = logFile(dir, '0510', 'aaaaBBBBccccDDD2', failures([3]));
    const rules = join('test', 'fixtures', 'rules', 'correlation');
    const burst3 = join(dir, 'rules');
    mkdirSync(burst3);
    writeFileSync(
      join(burst3, 'mr_three_failures.yml'),
      readFileSync(join(rules, 'mr_console_login_failures.yml'), 'utf8').replace('gte: 10', 'gte: 3')
    );
    writeFileSync(
      join(burst3, 'console_login_brute_force.yml'),
      readFileSync(join(rules, 'console_login_brute_force.yml'), 'utf8')
    );
    // Act
    const together = await runCli(['detect', a, b, '--rules', burst3]);
    const perFile = await runCli(['detect', a, b, '--rules', burst3, '--per-file']);
    // Assess
    expect(lines(together.stdout).filter((x) => x.ruleId === 'sigma-mr-three-failures')).toMatchObject([
      { lifecycle: 'opened', title: 'Many failed logins then a success', severity: 'high' },
    ]);
    expect(lines(perFile.stdout).filter((x) => x.ruleId === 'sigma-mr-three-failures')).toEqual([]);
  });
});
