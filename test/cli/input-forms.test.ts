import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../lib/model/alert.js';
import type { CloudTrailRecord } from '../../lib/model/record.js';
import { mapLimit } from '../helpers/run-cli.js';
import { type LauncherRun, REPO_ROOT, spawnTrailwatch } from '../helpers/spawn-trailwatch.js';

/** A log file of the sample trail with eleven alerts of the built-in rules. */
const ORIGINAL =
  'events/objects/example-trail-bucket/AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/111122223333_CloudTrail_us-east-1_20260102T0310Z_JyGYXJDM20R9YL3U.json.gz';

/** An EventBridge event as CloudTrail puts it on the default bus. */
const envelope = (r: CloudTrailRecord, i: number) => ({
  version: '0',
  id: `6a7e8feb-b491-4cf7-a9f1-bf3703467${String(i).padStart(3, '0')}`,
  'detail-type': 'AWS API Call via CloudTrail',
  source: `aws.${String(r.eventSource).split('.')[0]}`,
  account: r.recipientAccountId,
  time: r.eventTime,
  region: r.awsRegion,
  resources: [],
  detail: r,
});

/** One element of `aws cloudtrail lookup-events` output. */
const lookupEvent = (r: CloudTrailRecord) => ({
  EventId: r.eventID,
  EventName: r.eventName,
  ReadOnly: String(r.readOnly),
  EventTime: String(r.eventTime).replace('Z', '+00:00'),
  EventSource: r.eventSource,
  Username: r.userIdentity?.userName ?? 'example-role',
  Resources: [],
  CloudTrailEvent: JSON.stringify(r),
});

/** Each form: where it is written (below the test folder), what is passed to trailwatch, its bytes. */
type Form = {
  name: string;
  file: string;
  arg: 'file' | 'folder';
  bytes: (gz: Buffer, records: CloudTrailRecord[]) => Buffer;
};

const FORMS: readonly Form[] = [
  {
    name: 'a CloudTrail log file in a flat folder',
    file: 'flat/111122223333_CloudTrail_us-east-1_20260102T0310Z_JyGYXJDM20R9YL3U.json.gz',
    arg: 'folder',
    bytes: (gz) => gz,
  },
  {
    name: 'a plain {"Records":[…]} file of another name',
    file: 'plain/trail.json',
    arg: 'folder',
    bytes: (gz) => gunzipSync(gz),
  },
  {
    name: 'a bare JSON array of records',
    file: 'array/records.json',
    arg: 'folder',
    bytes: (_gz, records) => Buffer.from(JSON.stringify(records, null, 2)),
  },
  {
    name: 'a gzipped bare JSON array of records',
    file: 'array-gz/records.json.gz',
    arg: 'folder',
    bytes: (_gz, records) => gzipSync(JSON.stringify(records)),
  },
  {
    name: 'JSON lines of records',
    file: 'lines/records.jsonl',
    arg: 'folder',
    bytes: (_gz, records) => Buffer.from(`${records.map((r) => JSON.stringify(r)).join('\n')}\n`),
  },
  {
    name: 'gzipped JSON lines of records, named on the command line',
    file: 'lines-gz/records.jsonl.gz',
    arg: 'file',
    bytes: (_gz, records) => gzipSync(records.map((r) => JSON.stringify(r)).join('\n')),
  },
  {
    name: 'aws cloudtrail lookup-events output',
    file: 'lookup/lookup-events.json',
    arg: 'folder',
    bytes: (_gz, records) =>
      Buffer.from(
        JSON.stringify({ Events: records.map(lookupEvent), NextToken: 'eyJuZXh0VG9rZW4iOiAiZXhhbXBsZSJ9' }, null, 4)
      ),
  },
  {
    name: 'EventBridge events, one per line',
    file: 'eventbridge/events.jsonl',
    arg: 'folder',
    bytes: (_gz, records) => Buffer.from(records.map((r, i) => JSON.stringify(envelope(r, i))).join('\n')),
  },
  {
    name: 'EventBridge events concatenated and gzipped in a folder',
    file: 'firehose-gz/events.gz',
    arg: 'folder',
    bytes: (_gz, records) => gzipSync(records.map((r, i) => JSON.stringify(envelope(r, i))).join('')),
  },
  {
    name: 'a Firehose object (EventBridge events concatenated, no extension) named on the command line',
    file: 'firehose/trail-events-1-2026-01-02-03-10-00-0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d',
    arg: 'file',
    bytes: (_gz, records) => Buffer.from(records.map((r, i) => JSON.stringify(envelope(r, i))).join('')),
  },
];

/** What must not depend on the form: the counts of scan, detect's notifications and per-file alerts, the cost by event type. */
const comparable = async (path: string) => {
  const runs = (await mapLimit([['scan'], ['detect'], ['detect', '--per-file'], ['cost']], 2, ([command, ...flags]) =>
    spawnTrailwatch([command as string, path, ...flags, '--format', command === 'detect' ? 'jsonl' : 'json'])
  )) as [LauncherRun, LauncherRun, LauncherRun, LauncherRun];
  const [scan, detect, perFile, cost] = runs;
  for (const run of runs) expect(run.code, run.stderr).toBe(0);
  const report = JSON.parse(scan.stdout);
  const lines = (run: LauncherRun) =>
    run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Alert)
      .map((a) => ({ id: a.id, ruleId: a.ruleId, count: a.count, eventIds: a.eventIds }));
  const costReport = JSON.parse(cost.stdout);
  return {
    scan: {
      files: report.files,
      events: report.events,
      errors: report.errors,
      badRecords: report.badRecords,
      damaged: report.damaged,
      byType: report.byType,
      errorCodes: report.errorCodes,
      firstEventTime: report.firstEventTime,
      lastEventTime: report.lastEventTime,
      skipped: report.skipped,
    },
    notifications: lines(detect),
    alerts: lines(perFile),
    cost: { events: costReport.events, totalCostUsd: costReport.totalCostUsd, byEventType: costReport.byEventType },
  };
};

describe('trailwatch scan, detect and cost over every input form', () => {
  let base: string;
  let expected: Awaited<ReturnType<typeof comparable>>;

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'trailwatch-forms-'));
    const gz = await readFile(join(REPO_ROOT, ORIGINAL));
    const records = (JSON.parse(gunzipSync(gz).toString('utf8')) as { Records: CloudTrailRecord[] }).Records;
    for (const form of FORMS) {
      await mkdir(dirname(join(base, form.file)), { recursive: true });
      await writeFile(join(base, form.file), form.bytes(gz, records));
    }
    expected = await comparable(ORIGINAL);
  }, 120_000);

  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('has a reference with events and alerts to compare', () => {
    // Assess
    expect([
      expected.scan.events,
      expected.alerts.length,
      expected.notifications.length,
      expected.scan.errorCodes.length,
    ]).toEqual([40, 11, 11, 1]);
  });

  it.each(FORMS)(
    'reads $name as the gzipped log file',
    async (form) => {
      // Act
      const got = await comparable(join(base, form.arg === 'file' ? form.file : dirname(form.file)));
      // Assess
      expect(got).toEqual(expected);
    },
    120_000
  );

  it('reads a flat folder of downloaded CloudTrail files with the account and region of their names', async () => {
    // Act
    const run = await spawnTrailwatch(['scan', join(base, 'flat'), '--format', 'json']);
    // Assess
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(JSON.parse(run.stdout)).toMatchObject({ files: 1, accounts: ['111122223333'], regions: ['us-east-1'] });
  });

  it('skips what a folder holds besides records and says how many files and why', async () => {
    // Prepare
    const folder = join(base, 'mixed');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'records.jsonl'), await readFile(join(base, 'lines/records.jsonl')));
    await writeFile(join(folder, 'notes.txt'), 'downloaded from the console\n');
    await writeFile(join(folder, 'package.json'), '{"name": "not-records", "version": "1.0.0"}\n');
    await writeFile(
      join(folder, 'access.log.gz'),
      gzipSync('198.51.100.7 - - [02/Jan/2026:03:10:00 +0000] "GET / HTTP/1.1" 200\n')
    );
    // Act
    const run = await spawnTrailwatch(['scan', folder, '--format', 'json']);
    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `trailwatch scan: skipped 3 files under ${folder}: 2 without CloudTrail records in a form trailwatch reads (access.log.gz, package.json); 1 not named .json, .jsonl or .gz (notes.txt)\n`
    );
    expect(JSON.parse(run.stdout)).toMatchObject({ files: 1, events: 40 });
  });
});
