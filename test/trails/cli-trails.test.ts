import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../lib/cli/main.js';
import type { CliIo } from '../../lib/cli/parse-command.js';
import { cliEvidence, writeEvidence } from './evidence.js';
import { setUpBadAccount } from './moto-scenarios.js';
import { hasMotoServer, MOTO_SKIP_REASON, type MotoServer, startMotoServer } from './moto-server.js';
import { BUCKET, MAIN_ARN, summaryWith } from './snapshots.js';

const capture = (isTty = false) => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTty };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
};

describe('trailwatch trails audit --from-dir', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trailwatch-cli-'));
    await writeEvidence(join(dir, 'evidence'), cliEvidence());
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('prints the documented JSON and exits 0 when no finding reaches high', async () => {
    // Prepare
    const out = capture();
    // Act
    const code = await main(['trails', 'audit', '--from-dir', join(dir, 'evidence'), '--format', 'json'], out.io);
    // Assess
    expect(code).toBe(0);
    const printed = JSON.parse(out.stdout());
    expect(printed.trails).toEqual([expect.objectContaining({ arn: MAIN_ARN, bucket: BUCKET })]);
    expect(Object.keys(printed.findings[0]).slice(0, 7)).toEqual([
      'id',
      'severity',
      'trail',
      'title',
      'evidence',
      'remediation',
      'monthlyCostUsd',
    ]);
    expect(printed.findings.map((f: { id: string }) => f.id)).toContain('bucket-public-access-block-off');
  });

  it.each([
    ['medium', 1],
    ['high', 0],
    ['low', 1],
    ['critical', 0],
  ])('exits by --fail-on %s with %i', async (failOn, expected) => {
    // Act
    const code = await main(
      ['trails', 'audit', '--from-dir', join(dir, 'evidence'), '--fail-on', failOn, '--format', 'json'],
      capture().io
    );
    // Assess
    expect(code).toBe(expected);
  });

  it('prints a table on a terminal and Markdown on request', async () => {
    // Prepare
    const tty = capture(true);
    const md = capture();
    // Act
    await main(['trails', 'audit', '--from-dir', join(dir, 'evidence')], tty.io);
    await main(['trails', 'audit', '--from-dir', join(dir, 'evidence'), '--format', 'md'], md.io);
    // Assess
    expect(tty.stdout()).toMatch(/^Trails \(1\) in account 111122223333/);
    expect(tty.stdout()).toContain(`fix: aws s3api put-public-access-block --bucket ${BUCKET}`);
    expect(md.stdout()).toContain('| severity | check | resource | title | $/month | controls | remediation |');
  });

  it('prices the cost findings from a folder of per-file summaries', async () => {
    // Prepare: the trail logs every S3 object with basic selectors; 2,000,000 data events a month
    const evidence = cliEvidence();
    evidence['get-event-selectors.us-east-1.main.json'] = {
      EventSelectors: [
        {
          ReadWriteType: 'All',
          IncludeManagementEvents: true,
          DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }],
        },
      ],
    };
    await writeEvidence(join(dir, 'evidence'), evidence);
    const summaries = summaryWith({
      category: 'Data',
      events: [{ source: 's3.amazonaws.com', read: true, count: 2_000_000 }],
    });
    await writeEvidence(
      join(dir, 'summaries', 'deep'),
      Object.fromEntries(summaries.map((s, i) => [`summary-${i}.json`, s]))
    );
    const out = capture();
    // Act
    await main(
      [
        'trails',
        'audit',
        '--from-dir',
        join(dir, 'evidence'),
        '--summaries',
        join(dir, 'summaries'),
        '--format',
        'json',
      ],
      out.io
    );
    // Assess
    const finding = JSON.parse(out.stdout()).findings.find((f: { id: string }) => f.id === 'data-events-unscoped');
    expect(finding.monthlyCostUsd).toBe(2);
  });

  it('warns that the cost findings go unpriced when --summaries holds no summary', async () => {
    // Prepare: JSON that is no summary, as when pointed at the results bucket's root or at log files
    await writeEvidence(join(dir, 'results'), {
      'state.json': { schema: 'trailwatch.heartbeat-state/1', streams: [] },
    });
    const out = capture();
    // Act
    await main(
      ['trails', 'audit', '--from-dir', join(dir, 'evidence'), '--summaries', join(dir, 'results'), '--format', 'json'],
      out.io
    );
    // Assess
    expect(out.stderr()).toBe(
      `trailwatch trails audit: warning: no per-file summaries (schema 1) under ${join(dir, 'results')}: the cost findings are not priced; give the summaries/ folder of the results bucket\n`
    );
    expect(JSON.parse(out.stdout()).findings.length).toBeGreaterThan(0);
  });

  it('reports a watched bucket no trail writes to', async () => {
    // Prepare
    const out = capture();
    // Act
    const code = await main(
      ['trails', 'audit', '--from-dir', join(dir, 'evidence'), '--watched-bucket', 'gone-bucket', '--format', 'json'],
      out.io
    );
    // Assess
    expect(code).toBe(1);
    expect(JSON.parse(out.stdout()).findings[0]).toMatchObject({ id: 'watched-bucket-orphaned', severity: 'high' });
  });

  it.each([
    [['trails'], 'missing audit'],
    [['trails', 'scan'], "unknown command 'scan'"],
    [['trails', 'audit', '--fail-on', 'info'], '--fail-on must be one of low, medium, high, critical'],
    [['trails', 'audit', '--format', 'yaml'], '--format must be one of table, json, md'],
    [['trails', 'audit', '--region', 'narnia'], "'narnia' is not a region name"],
    [['trails', 'audit', '--account-id', '12'], '--account-id must be 12 digits'],
    [['trails', 'audit', '--bogus'], "unknown option '--bogus'"],
    [['trails', 'audit', '--from-dir', '/nonexistent/evidence'], '/nonexistent/evidence: is not a readable folder'],
  ])('exits 2 with a message on %j', async (args, message) => {
    // Prepare
    const out = capture();
    // Act
    const code = await main(args, out.io);
    // Assess
    expect(code).toBe(2);
    expect(out.stderr()).toContain(message);
  });
});

const motoAbsent = !hasMotoServer();
if (motoAbsent) console.warn(MOTO_SKIP_REASON);

describe.skipIf(motoAbsent)('trailwatch trails audit (live, against moto)', () => {
  let moto: MotoServer;
  const saved = process.env.AWS_ENDPOINT_URL;
  beforeAll(async () => {
    moto = await startMotoServer();
    process.env.AWS_ENDPOINT_URL = moto.endpoint;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = saved;
    await moto?.close();
  });

  it('audits the account AWS_ENDPOINT_URL points at and exits 1 on its critical finding', async () => {
    // Prepare
    await setUpBadAccount(moto.endpoint);
    const out = capture();
    // Act
    const code = await main(
      ['trails', 'audit', '--region', 'us-east-1,us-west-2', '--fail-on', 'critical', '--format', 'json'],
      out.io
    );
    // Assess
    expect(code).toBe(1);
    const printed = JSON.parse(out.stdout());
    expect(printed.regions).toEqual(['us-east-1', 'us-west-2']);
    expect(printed.findings[0]).toMatchObject({ id: 'bucket-public', severity: 'critical' });
  });
});
