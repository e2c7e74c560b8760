import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchTrailSnapshot } from '../../lib/aws/trail-snapshot.js';
import { createTrailSnapshotClients } from '../../lib/aws/cloudtrail-clients.js';
import { auditTrails } from '../../lib/trails/audit-trails.js';
import { outcomeOfCliError, readSnapshotDir } from '../../lib/local/read-snapshot-dir.js';
import { setUpBadAccount } from './moto-scenarios.js';
import { hasMotoServer, MOTO_SKIP_REASON, type MotoServer, startMotoServer } from './moto-server.js';
import { cliEvidence, writeEvidence } from './evidence.js';
import { BUCKET, MAIN_ARN } from './snapshots.js';

const run = promisify(execFile);

describe('readSnapshotDir', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trailwatch-evidence-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('reads the AWS CLI outputs into the snapshot the audit needs', async () => {
    // Prepare
    await writeEvidence(dir, cliEvidence());
    // Act
    const snapshot = await readSnapshotDir(dir);
    // Assess
    expect(snapshot).toMatchObject({
      takenAt: '2026-03-01T12:00:00.000Z',
      accountId: '111122223333',
      regions: ['us-east-1'],
    });
    expect(snapshot.trails[MAIN_ARN]?.status).toEqual({
      status: 'ok',
      value: {
        IsLogging: true,
        LatestDeliveryTime: '2026-03-01T11:55:00.000Z',
        LatestDigestDeliveryTime: '2026-03-01T11:30:00.000Z',
        LatestCloudWatchLogsDeliveryTime: '2026-03-01T11:56:00.000Z',
        StartLoggingTime: '2026-01-01T00:00:00.000Z',
      },
    });
    expect(snapshot.buckets[BUCKET]?.logging).toEqual({ status: 'ok', value: {} });
    expect(snapshot.buckets[BUCKET]?.objectLock).toMatchObject({ status: 'denied', code: 'AccessDenied' });
  });

  it('turns the recorded errors into findings: no Block Public Access is a finding, not a gap', async () => {
    // Prepare
    await writeEvidence(dir, cliEvidence());
    // Act
    const report = auditTrails(await readSnapshotDir(dir));
    // Assess
    expect(report.findings.map((f) => `${f.id}:${f.status}`).sort()).toEqual([
      'bucket-access-logging-off:fail',
      'bucket-public-access-block-off:fail',
      'insights-off:fail',
      's3-data-events-missing:fail',
    ]);
  });

  it('marks the checks of a call missing from the folder as not evaluated', async () => {
    // Prepare
    const evidence = cliEvidence();
    delete evidence[`get-bucket-versioning.${BUCKET}.json`];
    await writeEvidence(dir, evidence);
    // Act
    const report = auditTrails(await readSnapshotDir(dir));
    // Assess
    expect(report.findings.find((f) => f.id === 'bucket-mfa-delete-off')).toMatchObject({
      status: 'not-evaluated',
      title: expect.stringContaining(
        `not evaluated: skipped (NotCollected): get-bucket-versioning.${BUCKET}.json is not in the folder`
      ),
    });
  });

  it('names the file that is not JSON', async () => {
    // Prepare
    await writeEvidence(dir, { ...cliEvidence(), 'get-event-selectors.us-east-1.main.json': 'Trails:\n  - main\n' });
    // Act
    const reading = readSnapshotDir(dir);
    // Assess
    await expect(reading).rejects.toMatchObject({
      name: 'SnapshotDirError',
      path: join(dir, 'get-event-selectors.us-east-1.main.json'),
    });
  });

  it('refuses a folder without describe-trails output', async () => {
    // Prepare
    await writeEvidence(dir, { 'notes.txt': 'nothing here' });
    // Act
    const reading = readSnapshotDir(dir);
    // Assess
    await expect(reading).rejects.toThrow(/holds no describe-trails\.<region>\.json file/);
  });

  it.each([
    [
      'An error occurred (AccessDeniedException) when calling the DescribeTrails operation: User is not authorized',
      { status: 'denied', code: 'AccessDeniedException', message: 'User is not authorized' },
    ],
    [
      'An error occurred (NoSuchLifecycleConfiguration) when calling the GetBucketLifecycleConfiguration operation: The lifecycle configuration does not exist',
      { status: 'absent', code: 'NoSuchLifecycleConfiguration', message: 'The lifecycle configuration does not exist' },
    ],
    [
      'Unable to locate credentials. You can configure credentials by running "aws configure".',
      { status: 'error', code: 'CliError' },
    ],
  ])('reads the CLI error %#', (stderr, expected) => {
    // Act
    const outcome = outcomeOfCliError(`\n${stderr}\n`);
    // Assess
    expect(outcome).toMatchObject(expected);
  });
});

const motoAbsent = !hasMotoServer();
if (motoAbsent) console.warn(MOTO_SKIP_REASON);

describe.skipIf(motoAbsent)('scripts/trails-evidence.sh against moto', () => {
  let moto: MotoServer;
  let dir: string;
  beforeAll(async () => {
    moto = await startMotoServer();
    dir = await mkdtemp(join(tmpdir(), 'trailwatch-evidence-'));
  });
  afterAll(async () => {
    await moto?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('collects a folder that audits exactly as the live snapshot does', async () => {
    // Prepare
    await setUpBadAccount(moto.endpoint);
    const env = { ...process.env, AWS_ENDPOINT_URL: moto.endpoint, AWS_DEFAULT_REGION: 'us-west-2' };
    await run('bash', ['scripts/trails-evidence.sh', dir, 'us-west-2'], { env });
    const clients = createTrailSnapshotClients({ AWS_ENDPOINT_URL: moto.endpoint });
    const live = auditTrails(await fetchTrailSnapshot({ regions: ['us-west-2'], clients }));
    clients.destroy();
    // Act
    const offline = auditTrails(await readSnapshotDir(dir));
    // Assess
    const key = (f: { id: string; status: string; resource: string; severity: string }) =>
      `${f.id} ${f.status} ${f.severity} ${f.resource}`;
    expect(offline.findings.map(key).sort()).toEqual(live.findings.map(key).sort());
    expect(offline.trails).toEqual(live.trails);
    expect(offline.findings.some((f) => f.id === 'bucket-public')).toBe(true);
  });
});
