import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../lib/model/alert.js';
import type { CloudTrailRecord } from '../../lib/model/record.js';
import { runCli } from '../helpers/cli.js';
import { createUser, day, describeRegions, putKeyPolicy, signInFrom } from '../helpers/first-seen-records.js';

let files = 0;
/** One CloudTrail log file, named and laid out as the trail bucket holds it, delivered at its first record's time. */
const logFile = (dir: string, records: CloudTrailRecord[]): string => {
  const at = String(records[0]?.eventTime ?? '')
    .replace(/[-:]/g, '')
    .slice(0, 13);
  const folder = join(
    dir,
    'AWSLogs',
    '111122223333',
    'CloudTrail',
    'us-east-1',
    at.slice(0, 4),
    at.slice(4, 6),
    at.slice(6, 8)
  );
  mkdirSync(folder, { recursive: true });
  const path = join(
    folder,
    `111122223333_CloudTrail_us-east-1_${at}Z_firstSeen${String(++files).padStart(7, '0')}.json.gz`
  );
  writeFileSync(path, gzipSync(JSON.stringify({ Records: records })));
  return path;
};

const firstSeen = (stdout: string): string[] =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Alert)
    .filter((a) => (a.details as { firstSeen?: unknown } | undefined)?.firstSeen !== undefined)
    .map((a) => {
      const seen = a.details?.firstSeen as { entity: string; key: string };
      return `${a.ruleId} ${seen.entity} ${seen.key}`;
    });

const ALICE = 'arn:aws:iam::111122223333:user/alice';
const BOB = 'arn:aws:iam::111122223333:user/bob';

describe('trailwatch detect: first-seen rules across files and runs', () => {
  it('learns in the first run, alerts a new key in the second run sharing --state, and only once', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'tw-first-cli-'));
    const state = join(dir, 'state.json');
    const week1 = [
      logFile(join(dir, 'a'), [createUser(day(0), 'alice')]),
      logFile(join(dir, 'a'), [describeRegions(day(2), 'bob')]),
      logFile(join(dir, 'a'), [putKeyPolicy(day(4), 'bob')]),
    ];
    const week2 = [
      logFile(join(dir, 'b'), [createUser(day(8), 'alice'), putKeyPolicy(day(8, 1), 'alice')]),
      logFile(join(dir, 'b'), [putKeyPolicy(day(8, 20), 'alice'), createUser(day(9), 'bob')]),
    ];
    // Act
    const first = await runCli(['detect', ...week1, '--state', state]);
    const second = await runCli(['detect', ...week2, '--state', state]);
    const third = await runCli(['detect', ...week2, '--state', state]);
    // Assess
    expect(first.code).toBe(0);
    expect(firstSeen(first.stdout)).toEqual([]);
    expect(firstSeen(second.stdout)).toEqual([
      `first-sensitive-api-call-by-principal ${ALICE} kms:PutKeyPolicy`,
      `first-sensitive-api-call-by-principal ${BOB} iam:CreateUser`,
    ]);
    expect(firstSeen(third.stdout)).toEqual([]);
    expect(JSON.parse(readFileSync(state, 'utf8')).baseline.deploymentStart).toBe(Date.parse(day(0)));
  });

  it('alerts from the first file with --learning-days 0, and learns silently over a run with the default 7 days', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'tw-first-cli-'));
    const files = [logFile(dir, [createUser(day(0), 'alice')]), logFile(dir, [putKeyPolicy(day(6), 'alice')])];
    // Act
    const none = await runCli(['detect', ...files]);
    const zero = await runCli(['detect', ...files, '--learning-days', '0']);
    // Assess
    expect(firstSeen(none.stdout)).toEqual([]);
    expect(firstSeen(zero.stdout)).toEqual([
      `first-sensitive-api-call-by-principal ${ALICE} iam:CreateUser`,
      `first-sensitive-api-call-by-principal ${ALICE} kms:PutKeyPolicy`,
    ]);
  });

  it("alerts a user's console sign-in from a new country in a later run, not the first country of a new user", async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'tw-first-cli-'));
    const state = join(dir, 'state.json');
    const learning = [logFile(join(dir, 'a'), [signInFrom(day(1), 'jana', 'DE')])];
    const later = [
      logFile(join(dir, 'b'), [signInFrom(day(9), 'jana', 'DE'), signInFrom(day(9, 5), 'lee', 'US')]),
      logFile(join(dir, 'b'), [signInFrom(day(10), 'jana', 'BR'), signInFrom(day(10, 5), 'lee', 'US')]),
    ];
    // Act
    await runCli(['detect', ...learning, '--state', state]);
    const second = await runCli(['detect', ...later, '--state', state]);
    // Assess
    expect(firstSeen(second.stdout).filter((l) => l.startsWith('console-signin'))).toEqual([
      'console-signin-from-new-country arn:aws:iam::111122223333:user/jana BR',
    ]);
  });

  it('refuses a state file whose baselines are damaged with one line naming it and exit 2', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'tw-first-cli-'));
    const state = join(dir, 'state.json');
    const text =
      '{"format":"trailwatch-incidents","version":1,"incidents":{},"sources":{},"baseline":{"baselines":{"x":{"entity":1}}}}';
    writeFileSync(state, text);
    const file = logFile(dir, [createUser(day(0), 'alice')]);
    // Act
    const { code, stdout, stderr } = await runCli(['detect', file, '--state', state]);
    // Assess
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toBe(
      `trailwatch detect: --state ${state}: baseline x is damaged (no entity, source or expiresAt)\n`
    );
    expect(readFileSync(state, 'utf8')).toBe(text);
  });

  it('refuses a learning period that is not a number of days, as a usage error', async () => {
    // Act
    const { code, stderr } = await runCli(['detect', '.', '--learning-days', 'week']);
    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain("--learning-days must be a number of days from 0 to 3650, got 'week'");
  });
});
