import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../lib/model/alert.js';
import { runCli } from '../helpers/cli.js';
import { EVENTS } from '../helpers/events.js';

const SAMPLE = join(EVENTS, 'objects', 'example-trail-bucket');
/** The first account's files, named one by one. */
const FIRST_ACCOUNT = readdirSync(join(SAMPLE, 'AWSLogs', '111122223333', 'CloudTrail'), { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.json.gz'))
  .map((f) => join(SAMPLE, 'AWSLogs', '111122223333', 'CloudTrail', f));
const lines = (text: string): Alert[] =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Alert);

describe('trailwatch detect --state', () => {
  it('refuses a state file whose folder does not exist before reading anything, with exit 2', async () => {
    // Prepare: a run that would print and send its alerts, then fail to keep the state
    const state = join(mkdtempSync(join(tmpdir(), 'tw-state-')), 'no-such-folder', 'incidents.json');
    // Act
    const run = await runCli(['detect', SAMPLE, '--state', state]);
    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toBe(
      `trailwatch detect: --state ${state}: the folder ${join(state, '..')} does not exist`
    );
  });

  it('continues the incidents of the previous run: a second run over the same files prints nothing', async () => {
    // Prepare
    const state = join(mkdtempSync(join(tmpdir(), 'tw-state-')), 'incidents.json');
    const first = await runCli(['detect', SAMPLE, '--state', state]);
    // Act
    const second = await runCli(['detect', SAMPLE, '--state', state]);
    // Assess
    expect(lines(first.stdout).length).toBeGreaterThan(3);
    expect({ code: second.code, stdout: second.stdout }).toEqual({ code: 0, stdout: '' });
    expect(second.stderr).toMatch(/0 notifications, \d+ matches in \d+ incidents/);
  });

  it('opens in the second run only the incidents the first run had not seen', async () => {
    // Prepare
    const state = join(mkdtempSync(join(tmpdir(), 'tw-state-')), 'incidents.json');
    const alone = lines((await runCli(['detect', SAMPLE])).stdout);
    const yesterday = lines((await runCli(['detect', ...FIRST_ACCOUNT, '--state', state])).stdout);
    // Act
    const today = lines((await runCli(['detect', SAMPLE, '--state', state])).stdout);
    // Assess: together the runs opened exactly the incidents one run over everything opens
    const opened = (alerts: Alert[]) =>
      alerts
        .filter((a) => a.lifecycle === 'opened')
        .map((a) => a.incidentId)
        .sort();
    expect(yesterday.length).toBeGreaterThan(0);
    expect(today.every((a) => !yesterday.some((y) => y.incidentId === a.incidentId))).toBe(true);
    expect([...opened(yesterday), ...opened(today)].sort()).toEqual(opened(alone));
  });

  it('folds each file once without --state too: a folder named twice prints the notifications and counts of naming it once', async () => {
    // Prepare
    const once = await runCli(['detect', SAMPLE]);
    const onceTable = await runCli(['detect', SAMPLE, '--format', 'table']);
    // Act
    const twice = await runCli(['detect', SAMPLE, SAMPLE]);
    const twiceTable = await runCli(['detect', SAMPLE, SAMPLE, '--format', 'table']);
    // Assess: the table lists each incident with its count
    expect(lines(once.stdout).length).toBeGreaterThan(3);
    expect(twice.stdout).toBe(once.stdout);
    expect(twiceTable.stdout).toBe(onceTable.stdout);
  });

  it('refuses a damaged state file with one line naming it and exit 2, and leaves it as it was', async () => {
    // Prepare
    const state = join(mkdtempSync(join(tmpdir(), 'tw-state-')), 'incidents.json');
    writeFileSync(state, '{"format":"trailwatch-incidents","version":1,"incidents":');
    // Act
    const { code, stdout, stderr } = await runCli(['detect', SAMPLE, '--state', state]);
    // Assess
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(new RegExp(`^trailwatch detect: --state ${state}: not JSON .*\\n$`));
    expect(readFileSync(state, 'utf8')).toBe('{"format":"trailwatch-incidents","version":1,"incidents":');
  });

  it('refuses a JSON file that is not a state file', async () => {
    // Prepare
    const state = join(mkdtempSync(join(tmpdir(), 'tw-state-')), 'other.json');
    writeFileSync(state, '{"Records":[]}');
    // Act
    const { code, stderr } = await runCli(['detect', SAMPLE, '--state', state]);
    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain('not a trailwatch incident state file');
  });
});
