import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CloudTrailStub, startCloudTrailStub } from '../helpers/cloudtrail-stub.js';
import { buildScenarios, type Scenario, type ScenarioSet, scenarioFlags } from '../helpers/digest-scenarios.js';
import { type CliRun, hasBinary, mapLimit, runAws, runTrailwatch } from '../helpers/run-cli.js';
import { type LocalS3, startLocalS3 } from '../helpers/s3rver.js';

/*
 * Every scenario of the reference, validated offline by `trailwatch validate` with --metadata, and
 * the same objects (with their metadata) served by s3rver plus a local ListPublicKeys/DescribeTrails
 * endpoint to the real `aws cloudtrail validate-logs`; where the CLI is defined, both outputs must
 * be byte-identical.
 */

const awsPresent = await hasBinary('aws');
if (!awsPresent) console.warn('cross-check skipped: no `aws` binary on PATH (install pip awscli ≥ 1.45 to run it)');

// Built at collection time: it.each needs the scenario list (key generation takes well under a second).
const set: ScenarioSet = buildScenarios();
const ids = set.scenarios.map((s) => s.id);
const scenario = (id: string): Scenario => set.scenarios.find((s) => s.id === id) as Scenario;
let root: string;
let files: { keys: string; metadata: string };
const cliRuns = new Map<string, CliRun>();
let s3: LocalS3 | undefined;
let stub: CloudTrailStub | undefined;

const trailwatchArgs = (s: Scenario, extra: string[] = []): string[] => [
  'validate',
  join(root, 'buckets'),
  '--public-keys',
  files.keys,
  '--metadata',
  files.metadata,
  ...scenarioFlags(s),
  ...extra,
];

const awsArgs = (s: Scenario): string[] => ['cloudtrail', 'validate-logs', ...scenarioFlags(s), ...(s.cliArgs ?? [])];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'trailwatch-digest-'));
  await set.world.writeToFolder(join(root, 'buckets'));
  files = { keys: join(root, 'keys.json'), metadata: join(root, 'metadata.json') };
  await writeFile(files.keys, set.world.keysJson());
  await writeFile(files.metadata, set.world.metadataJson());
  if (!awsPresent) return;
  s3 = await startLocalS3();
  for (const bucket of set.world.buckets()) await s3.createBucket(bucket);
  await set.world.writeToS3(s3.client);
  stub = await startCloudTrailStub({
    keys: () => set.world.keys,
    trails: () => set.world.trails,
    organizationId: () => set.world.organizationId,
  });
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ENDPOINT_URL_CLOUDTRAIL: stub.endpoint,
    AWS_ENDPOINT_URL_ORGANIZATIONS: stub.endpoint,
  };
  const runs = await mapLimit(set.scenarios, 6, (s) => runAws(awsArgs(s), env));
  for (const [i, s] of set.scenarios.entries()) cliRuns.set(s.id, runs[i] as CliRun);
  // One Python start-up per scenario (each about a second of CPU): minutes on a loaded machine.
}, 300_000);

afterAll(async () => {
  await stub?.close();
  await s3?.close();
  await rm(root, { recursive: true, force: true });
});

describe('trailwatch validate on the reference scenarios', () => {
  it.each(ids)('%s reports what the reference says', async (id) => {
    // Prepare
    const s = scenario(id);
    // Act
    const run = await runTrailwatch(trailwatchArgs(s));
    // Assess
    expect(run.rc).toBe(s.expect.rc);
    for (const line of s.expect.stderr ?? []) expect(run.stderr).toContain(line);
    for (const line of s.expect.stdout ?? []) expect(run.stdout).toContain(line);
    for (const text of s.expect.notStderr ?? []) expect(run.stderr).not.toContain(text);
    for (const text of s.expect.notStdout ?? []) expect(run.stdout).not.toContain(text);
  });

  it.each(ids.filter((id) => (scenario(id).expect.findings ?? []).length > 0))(
    '%s reports the extra findings in json',
    async (id) => {
      // Prepare
      const s = scenario(id);
      // Act
      const run = await runTrailwatch(trailwatchArgs(s, ['--format', 'json']));
      // Assess
      const report = JSON.parse(run.stdout) as { results: Array<{ findings: Array<{ code: string; key: string }> }> };
      const text = JSON.stringify(report.results[0]?.findings);
      for (const expected of s.expect.findings ?? []) expect(text).toContain(expected);
    }
  );

  it('reports no extra findings on an untouched chain', async () => {
    // Act
    const run = await runTrailwatch(trailwatchArgs(scenario('01'), ['--format', 'json']));
    // Assess
    const report = JSON.parse(run.stdout) as { results: Array<{ findings: Array<{ code: string }> }> };
    expect(report.results[0]?.findings.map((f) => f.code)).toEqual(['chain-start']);
  });
});

describe.skipIf(!awsPresent)('cross-check with aws cloudtrail validate-logs', () => {
  it.each(ids.filter((id) => scenario(id).parity.kind !== 'cli-only'))(
    '%s: stdout, stderr and exit code are identical',
    async (id) => {
      // Prepare
      const s = scenario(id);
      const flags = s.parity.kind === 'identical-with' ? [...s.parity.flags] : [];
      // Act
      const ours = await runTrailwatch(trailwatchArgs(s, flags));
      // Assess
      const theirs = cliRuns.get(id) as CliRun;
      expect({ stdout: ours.stdout, stderr: ours.stderr, rc: ours.rc }).toEqual(theirs);
    }
  );

  it.each(ids.filter((id) => scenario(id).parity.kind === 'identical-with'))(
    '%s: without the compatibility flag trailwatch differs from aws-cli 1.45 only as documented',
    async (id) => {
      // Prepare
      const s = scenario(id);
      // Act
      const ours = await runTrailwatch(trailwatchArgs(s));
      // Assess
      const theirs = cliRuns.get(id) as CliRun;
      expect(ours.rc).toBe(s.expect.rc);
      expect(ours).not.toEqual(theirs);
    }
  );

  it('17c: the CLI with --s3-bucket misses an organization trail that trailwatch validates', async () => {
    // Act
    const ours = await runTrailwatch(trailwatchArgs(scenario('17c')));
    // Assess
    expect(cliRuns.get('17c')?.stdout).toContain('No digests found');
    expect(ours.stdout).toContain('3/3 digest files valid');
  });

  it('asks for public keys over [start, end + 2h], as the CLI does', () => {
    // Assess: scenario 28 runs 09:30–10:30, so the CLI asked for 09:30–12:30
    const start = Date.parse('2026-01-20T09:30:00Z') / 1000;
    expect(stub?.calls).toContainEqual({ start, end: start + 3 * 3600 });
  });
});
