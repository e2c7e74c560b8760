import { createHash } from 'node:crypto';
import { appendFile, cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../lib/model/alert.js';
import { EVENTS } from '../helpers/events.js';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/spawn-trailwatch.js';

const SAMPLE = join(EVENTS, 'objects', 'example-trail-bucket');
const CUSTOM = 'test/fixtures/rules/custom';
const lines = (text: string): Alert[] =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Alert);

/**
 * Runs `use` over a copy of the sample trail (a folder named `trail`, which the alerts name as
 * their bucket) in a temporary folder, removed after.
 */
const withSampleCopy = async (prefix: string, use: (trail: string) => Promise<void>): Promise<void> => {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const trail = join(dir, 'trail');
  await cp(SAMPLE, trail, { recursive: true });
  try {
    await use(trail);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
describe('trailwatch detect', () => {
  it('prints one notification per line as JSON when stdout is not a terminal, and exits 0', async () => {
    // Act
    const { code, stdout, stderr } = await runCli(['detect', SAMPLE]);
    // Assess
    const alerts = lines(stdout);
    expect(code).toBe(0);
    expect(alerts.map((a) => a.ruleId)).toEqual(
      expect.arrayContaining([
        'cloudtrail-logging-stopped',
        'security-group-admin-port-open-to-internet',
        'iam-admin-policy-attached',
        'kms-key-scheduled-for-deletion',
      ])
    );
    expect(
      alerts.every(
        (a) =>
          a.category === 'detection' &&
          a.s3Key?.includes('/CloudTrail/') &&
          /^[0-9a-f]{32}$/.test(a.id) &&
          /^[0-9a-f]{32}$/.test(a.incidentId ?? '') &&
          a.lifecycle === 'opened'
      )
    ).toBe(true);
    expect(stderr).toMatch(
      /12 files, 480 records, \d+ rules, \d+ notifications, \d+ matches in \d+ incidents \(1 critical, .*\), 0 suppressed matches\n$/
    );
  });

  it('prints every file’s alerts as they are with --per-file', async () => {
    // Act
    const { code, stdout, stderr } = await runCli(['detect', SAMPLE, '--per-file']);
    // Assess
    expect(code).toBe(0);
    expect(lines(stdout).every((a) => a.incidentId === undefined && a.lifecycle === undefined)).toBe(true);
    expect(stderr).toMatch(/12 files, 480 records, \d+ rules, \d+ alerts, 0 suppressed matches\n$/);
  });

  it('prints the same alert ids on every run', async () => {
    // Act
    const first = lines((await runCli(['detect', SAMPLE])).stdout).map((a) => a.id);
    const second = lines((await runCli(['detect', SAMPLE])).stdout).map((a) => a.id);
    // Assess
    expect(second).toEqual(first);
  });

  it('adds rule folders, applies their suppressions and disables rules by glob', async () => {
    // Act
    const { code, stdout, stderr } = await runCli([
      'detect',
      SAMPLE,
      '--rules',
      CUSTOM,
      '--disable',
      'cis-*',
      '--disable',
      'iam-admin-policy-attached',
    ]);
    // Assess
    const ids = lines(stdout).map((a) => a.ruleId);
    expect(code).toBe(0);
    expect(ids).toContain('failed-console-sign-in');
    expect(ids).not.toContain('cloudtrail-logging-stopped');
    expect(ids).not.toContain('iam-admin-policy-attached');
    expect(ids.some((id) => id.startsWith('cis-'))).toBe(false);
    expect(stderr).toMatch(/, 1 suppressed match$/m);
  });

  it('renders a table on a terminal, most severe first', async () => {
    // Act
    const { code, stdout } = await runCli(['detect', SAMPLE], true);
    // Assess
    expect(code).toBe(0);
    expect(stdout.split('\n')[1]).toMatch(
      /^critical\s+security-group-admin-port-open-to-internet\s+1\s+2026-01-02T03:01:44Z/
    );
  });

  it('prints a damaged file as an integrity alert line beside the detections, per file and as an incident', async () => {
    // Prepare: a copy of the sample trail with one file cut in half
    await withSampleCopy('trailwatch-detect-damaged-', async (trail) => {
      const cut =
        'AWSLogs/111122223333/CloudTrail/eu-west-1/2026/01/02/111122223333_CloudTrail_eu-west-1_20260102T0310Z_q8F18ZC4j5GOOQV1.json.gz';
      const gz = await readFile(join(trail, cut));
      await writeFile(join(trail, cut), gz.subarray(0, gz.length >> 1));
      const finding = {
        category: 'integrity',
        ruleId: 'log-file-damaged',
        severity: 'critical',
        bucket: 'trail',
        s3Key: cut,
        account: '111122223333',
        region: 'eu-west-1',
        details: expect.objectContaining({ reason: 'truncated-gzip' }),
      };
      // Act
      const perFile = await runCli(['detect', trail, '--per-file']);
      const incidents = await runCli(['detect', trail]);
      // Assess: per file, the alert itself with its documented id
      const alerts = lines(perFile.stdout);
      const damaged = alerts.filter((a) => a.category === 'integrity');
      expect(perFile.code).toBe(0);
      expect(alerts.some((a) => a.category === 'detection')).toBe(true);
      expect(damaged).toEqual([expect.objectContaining(finding)]);
      const offset = (damaged[0]?.details as { offset?: number } | undefined)?.offset;
      expect(damaged[0]?.id).toBe(
        createHash('sha256')
          .update(`integrity\nlog-file-damaged\ntrail/${cut}\ntruncated-gzip@${offset}`)
          .digest('hex')
          .slice(0, 32)
      );
      expect(perFile.stderr).toMatch(/, 1 damaged file(?!s)/);
      // Assess: folded into incidents, the notification that opens the damaged-file incident
      expect(incidents.code).toBe(0);
      expect(lines(incidents.stdout).filter((a) => a.category === 'integrity')).toEqual([
        expect.objectContaining({ ...finding, lifecycle: 'opened' }),
      ]);
      expect(incidents.stderr).toMatch(/, 1 damaged file(?!s)/);
    });
  });

  it('prints the same bytes on every run and with 1 or 2 workers over a folder with a truncated file', async () => {
    // Prepare: a copy of the sample trail with one file cut short
    await withSampleCopy('trailwatch-detect-damaged-', async (trail) => {
      const cut =
        'AWSLogs/111122223333/CloudTrail/eu-west-1/2026/01/02/111122223333_CloudTrail_eu-west-1_20260102T0315Z_dIPYvHDDyaBYP9FH.json.gz';
      const gz = await readFile(join(trail, cut));
      await writeFile(join(trail, cut), gz.subarray(0, 3000));
      // Act
      const first = await runCli(['detect', trail, '--format', 'jsonl', '--workers', '1']);
      const again = await runCli(['detect', trail, '--format', 'jsonl', '--workers', '1']);
      const two = await runCli(['detect', trail, '--format', 'jsonl', '--workers', '2']);
      const table = await runCli(['detect', trail, '--format', 'table', '--workers', '2']);
      // Assess
      expect(first.code).toBe(0);
      expect(again.stdout).toBe(first.stdout);
      expect(two.stdout).toBe(first.stdout);
      const [damaged] = lines(first.stdout).filter((a) => a.ruleId === 'log-file-damaged');
      // The file's latest eventTime before the cut, not the clock: the damaged file incident
      // stays within the logs' time.
      expect(damaged).toMatchObject({
        firstSeen: '2026-01-02T03:06:11Z',
        lastSeen: '2026-01-02T03:06:11Z',
        details: expect.objectContaining({ recordsRead: 10, timeSource: 'event-time' }),
      });
      expect(table.stdout).toMatch(/^critical\s+log-file-damaged\s+1\s+2026-01-02T03:06:11Z/m);
    });
  });

  it('finds every detection of log files with bytes appended, and reports each file as damaged', async () => {
    // Prepare: a copy of the sample trail with a few bytes after the gzip stream of every log file
    await withSampleCopy('trailwatch-detect-appended-', async (trail) => {
      const logs = (await readdir(trail, { recursive: true })).filter(
        (f) => f.includes('/CloudTrail/') && f.endsWith('.json.gz')
      );
      for (const log of logs) await appendFile(join(trail, log), 'garbage\n');
      // Act
      const clean = lines((await runCli(['detect', SAMPLE, '--per-file'])).stdout);
      const appended = await runCli(['detect', trail, '--per-file']);
      // Assess
      const alerts = lines(appended.stdout);
      const detections = (list: Alert[]) =>
        list
          .filter((a) => a.category === 'detection')
          .map((a) => a.id)
          .sort();
      expect(detections(alerts)).toEqual(detections(clean));
      expect(detections(alerts).length).toBeGreaterThan(0);
      const damaged = alerts.filter((a) => a.category === 'integrity');
      expect(damaged.map((a) => a.s3Key).sort()).toEqual([...logs].sort());
      for (const alert of damaged)
        expect(alert).toMatchObject({
          ruleId: 'log-file-damaged',
          severity: 'high',
          details: expect.objectContaining({ reason: 'trailing-data' }),
        });
      expect(damaged[0]?.description).toContain('8 bytes after the end of the gzip stream');
    });
  });

  it('reads every other line of JSON lines with a cut line, then reports that line as the README shows', async () => {
    // Prepare: the sample trail's records as JSON lines, and the same with line 5 cut mid-string
    const logs = (await readdir(SAMPLE, { recursive: true }))
      .filter((f) => f.includes('/CloudTrail/') && f.endsWith('.json.gz'))
      .sort();
    const records: string[] = [];
    for (const log of logs) {
      const file = JSON.parse(gunzipSync(await readFile(join(SAMPLE, log))).toString('utf8')) as {
        Records: unknown[];
      };
      for (const record of file.Records) records.push(JSON.stringify(record));
    }
    const dir = await mkdtemp(join(tmpdir(), 'trailwatch-detect-jsonl-'));
    try {
      const whole = join(dir, 'all.jsonl');
      const cut = join(dir, 'cut.jsonl');
      await writeFile(whole, `${records.join('\n')}\n`);
      await writeFile(cut, `${records.map((r, i) => (i === 4 ? r.slice(0, 80) : r)).join('\n')}\n`);
      // Act
      const all = await runCli(['detect', whole, '--per-file']);
      const damaged = await runCli(['detect', cut, '--per-file']);
      // Assess: the cut line's record alone is lost, and the file is reported at that line
      const detections = (list: Alert[]) =>
        list
          .filter((a) => a.category === 'detection')
          .map((a) => a.ruleId)
          .sort();
      const alerts = lines(damaged.stdout);
      expect(damaged.code).toBe(0);
      expect(damaged.stderr).toContain(`${records.length - 1} records`);
      expect(detections(alerts)).toEqual(detections(lines(all.stdout)));
      const integrity = alerts.filter((a) => a.category === 'integrity');
      expect(integrity.map((a) => [a.ruleId, a.details?.reason])).toEqual([['log-file-damaged', 'invalid-json']]);
      const shown = (integrity[0]?.description ?? '').replace(/^s3:\/\/local\/cut\.jsonl: /, '');
      expect(shown).toMatch(/\(line 5 at offset \d+: the line ends inside a string\)/);
      // Read to its end: the file's byte counts say all of it, not the broken line's offset.
      const scanned = JSON.parse((await runCli(['scan', cut, '--format', 'json'])).stdout) as {
        bytes: { compressed: number; uncompressed: number };
      };
      expect(scanned.bytes).toEqual({ compressed: (await stat(cut)).size, uncompressed: (await stat(cut)).size });
      expect(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')).toContain(`\`${shown}\``);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails with file, line and reason on an invalid rule', async () => {
    // Act
    const { code, stderr } = await runCli(['detect', SAMPLE, '--rules', 'test/fixtures/rules/invalid']);
    // Assess
    expect(code).toBe(1);
    expect(stderr).toContain("test/fixtures/rules/invalid/bad.yml:6: '300.0.0.0/8' is not a CIDR block");
  });

  it.each([
    [['detect'], 'no path'],
    [['detect', SAMPLE, '--format', 'xml'], 'an unknown format'],
    [['detect', SAMPLE, '--disable', 'no-such-rule'], 'a disable that names nothing'],
    [['detect', SAMPLE, '--bogus'], 'an unknown option'],
  ])('exits 2 on %s (%s)', async (args) => {
    expect((await runCli(args)).code).toBe(2);
  });
});
