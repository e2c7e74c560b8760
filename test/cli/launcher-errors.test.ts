import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../lib/model/alert.js';
import { type Reply, startFaultEndpoint } from '../helpers/aws-fault-endpoint.js';
import { mapLimit } from '../helpers/run-cli.js';
import { type LauncherRun, REPO_ROOT, STACK_LINE, spawnTrailwatch } from '../helpers/spawn-trailwatch.js';

const SAMPLE = 'events/objects/example-trail-bucket';
const ONE_FILE = `${SAMPLE}/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/01/02/111122223333_CloudTrail_eu-west-1_20260102T0310Z_q8F18ZC4j5GOOQV1.json.gz`;

/** What a proxy or a wrong endpoint answers: an HTML page, not an AWS error body. */
const htmlPage = (status: number): Reply => ({
  status,
  headers: { 'content-type': 'text/html' },
  body: `<html><body><h1>${status}</h1></body></html>`,
});

/** Usage errors and paths that are not there: the arguments and the one line each must print. */
const USAGE_ERRORS: ReadonlyArray<[string[], string]> = [
  [['scan', 'no-such-trail'], 'trailwatch scan: no-such-trail: no such file or directory'],
  [['detect', 'no-such-trail/'], 'trailwatch detect: no-such-trail/: no such file or directory'],
  [['cost', SAMPLE, 'no-such-file.json.gz'], 'trailwatch cost: no-such-file.json.gz: no such file or directory'],
  [['detect', SAMPLE, '--rules', 'no-such-rules'], 'trailwatch detect: no-such-rules: no such file or directory'],
  [['rules', 'test', 'no-such-rules'], 'trailwatch rules: no-such-rules: no such file or directory'],
  [['cost', SAMPLE, '--prices', 'no-such.json'], 'trailwatch cost: --prices no-such.json: no such file or directory'],
  [
    ['validate', 'no-such-copy', '--public-keys', 'test/golden/inputs/digest-public-keys.json'],
    'trailwatch validate: no-such-copy: no such file or directory',
  ],
  [
    ['trails', 'audit', '--from-dir', 'no-such-evidence'],
    'trailwatch trails audit: no-such-evidence: is not a readable folder',
  ],
  [['scan', SAMPLE, '--format', 'xml'], "trailwatch scan: --format must be one of table, json, got 'xml'"],
  [['scan', SAMPLE, '--workers', '0'], "trailwatch scan: --workers must be a whole number from 1 to 9999, got '0'"],
  [
    ['detect', SAMPLE, '--workers', 'all'],
    "trailwatch detect: --workers must be a whole number from 1 to 9999, got 'all'",
  ],
  [['detect', SAMPLE, '--format', 'yaml'], "trailwatch detect: --format must be one of jsonl, table, got 'yaml'"],
  [['cost', SAMPLE, '--copy', 'third'], "trailwatch cost: --copy must be one of first, additional, got 'third'"],
  [['rules', 'list', '--format', 'csv'], "trailwatch rules: --format must be one of table, jsonl, json, got 'csv'"],
  [
    ['validate', 'x', '--public-keys', 'k.json', '--format', 'xml'],
    "trailwatch validate: --format must be one of text, json, got 'xml'",
  ],
  [
    ['detect', SAMPLE, '--sns-topic-arn', 'alerts'],
    "trailwatch detect: --sns-topic-arn must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>), got 'alerts'",
  ],
  [
    ['detect', SAMPLE, '--start-time', 'yesterday'],
    "trailwatch detect: --start-time must be an ISO 8601 time (2026-01-02T03:04:05Z), got 'yesterday'",
  ],
  [
    ['detect', '--lookup-events', '--start-time', '2026-01-01T00:00:00Z', '--end-time', '2025-01-01T00:00:00Z'],
    'trailwatch detect: --start-time must be before --end-time, got 2026-01-01T00:00:00.000Z and 2025-01-01T00:00:00.000Z',
  ],
  [
    ['detect', SAMPLE, '--event-bus', ''],
    "trailwatch detect: --event-bus must name a bus ('default', a name or an ARN), got ''",
  ],
  [['trails'], "trailwatch trails: missing audit (see 'trailwatch trails --help')"],
  [['scan', SAMPLE, '--bogus'], "trailwatch scan: unknown option '--bogus' (see 'trailwatch scan --help')"],
  [['detect', SAMPLE, '-x'], "trailwatch detect: unknown option '-x' (see 'trailwatch detect --help')"],
  [['validate', 'x', '--bogus'], "trailwatch validate: unknown option '--bogus' (see 'trailwatch validate --help')"],
  [['scan', SAMPLE, '--format'], "trailwatch scan: option '--format' needs a value (see 'trailwatch scan --help')"],
  [['--bogus'], "trailwatch: unknown option '--bogus' (see 'trailwatch --help')"],
  [['scan'], "trailwatch scan: missing <dir|file…> (see 'trailwatch scan --help')"],
];

describe('the trailwatch launcher on user errors', () => {
  let empty: string;
  const runs = new Map<string, LauncherRun>();
  beforeAll(async () => {
    empty = await mkdtemp(join(tmpdir(), 'trailwatch-empty-'));
    // Two launchers at a time: each case is a process of its own, and the machine is shared.
    const results = await mapLimit(USAGE_ERRORS, 2, ([args]) => spawnTrailwatch(args));
    for (const [i, [args]] of USAGE_ERRORS.entries()) runs.set(args.join(' '), results[i] as LauncherRun);
  }, 180_000);
  afterAll(async () => rm(empty, { recursive: true, force: true }));

  it.each(USAGE_ERRORS)('exits 2 with one line and nothing on stdout for %j', (args, line) => {
    // Act: in beforeAll
    const run = runs.get(args.join(' '));
    // Assess
    expect(run).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
  });

  it('exits 2 naming the variable of a bad alert setting, without a stack trace', async () => {
    // Act
    const run = await spawnTrailwatch(['detect', ONE_FILE, '--sns-topic-arn', 'arn:aws:sns:us-east-1:111122223333:a'], {
      env: { ALERT_FORMAT: 'xml' },
    });
    // Assess
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: "trailwatch detect: ALERT_FORMAT must be one of native, ocsf, got 'xml'\n",
    });
  });

  it('warns naming a folder without log files and exits 0 with an empty report', async () => {
    // Act
    const run = await spawnTrailwatch(['scan', empty, '--format', 'json']);
    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`trailwatch scan: warning: no CloudTrail log files under ${empty}\n`);
    expect(JSON.parse(run.stdout)).toMatchObject({ files: 0, events: 0, skipped: [] });
  });

  it('warns about the empty folder and still reads the other paths', async () => {
    // Act
    const run = await spawnTrailwatch(['detect', empty, ONE_FILE]);
    // Assess
    const alerts = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Alert);
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n')[0]).toBe(`trailwatch detect: warning: no CloudTrail log files under ${empty}`);
    expect(alerts.length).toBeGreaterThan(0);
    expect(run.stderr).toMatch(/1 file, 40 records/);
  });

  it('prints the version of package.json with --version', async () => {
    // Prepare
    const { version } = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    // Act
    const run = await spawnTrailwatch(['--version']);
    // Assess
    expect(run).toEqual({ code: 0, stdout: `trailwatch ${version}\n`, stderr: '' });
  });

  it.each([
    { service: 'SNS (XML)', status: 403, flag: '--sns-topic-arn', to: 'arn:aws:sns:us-east-1:111122223333:alerts' },
    { service: 'EventBridge (JSON)', status: 403, flag: '--event-bus', to: 'default' },
    { service: 'EventBridge (JSON)', status: 500, flag: '--event-bus', to: 'default' },
  ])('names the HTTP status when $service answers an HTML $status page', async ({ status, flag, to }) => {
    // Prepare
    const sns = flag === '--sns-topic-arn';
    const sink = sns ? 'sns' : 'eventbridge';
    const endpoint = await startFaultEndpoint(() => htmlPage(status));
    try {
      // Act
      const run = await spawnTrailwatch(['detect', ONE_FILE, flag, to], {
        env: {
          [sns ? 'AWS_ENDPOINT_URL_SNS' : 'AWS_ENDPOINT_URL_EVENTBRIDGE']: endpoint.endpoint,
          ALERT_MAX_ATTEMPTS: '1',
        },
      });
      // Assess
      const alerts = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Alert);
      expect(run.code).toBe(1);
      expect(alerts.length).toBeGreaterThan(0);
      expect(run.stderr.split('\n')).toContain(
        `trailwatch detect: ${alerts.length} of ${alerts.length} alerts not delivered after retries: ${sink}: ${alerts
          .map((a) => `${a.id} (HTTP ${status})`)
          .join(', ')}`
      );
      expect(run.stderr).not.toMatch(/SyntaxError|Unknown/);
      expect(run.stderr).not.toMatch(STACK_LINE);
    } finally {
      await endpoint.close();
    }
  });
});
