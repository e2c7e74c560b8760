import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { s3DigestStore } from '../../lib/aws/digest-store.js';
import { cloudTrailKeySource } from '../../lib/aws/public-keys.js';
import { parseCliDate, TextReport, type TrailCoordinates, validateTrail } from '../../lib/digest/index.js';
import { type CloudTrailStub, startCloudTrailStub } from '../helpers/cloudtrail-stub.js';
import { buildScenarios, type Scenario, scenarioFlags } from '../helpers/digest-scenarios.js';
import { runTrailwatch } from '../helpers/run-cli.js';
import { type LocalS3, startLocalS3 } from '../helpers/s3rver.js';

/* The same walker on S3 (s3rver, real SDK) with keys from ListPublicKeys gives what it gives offline. */

const set = buildScenarios();
const IDS = ['01', '03', '06', '08', '09', '16', '17', '18', '19', '22'];
let s3: LocalS3;
let stub: CloudTrailStub;
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'trailwatch-s3v-'));
  await set.world.writeToFolder(join(root, 'buckets'));
  await writeFile(join(root, 'keys.json'), set.world.keysJson());
  await writeFile(join(root, 'metadata.json'), set.world.metadataJson());
  s3 = await startLocalS3();
  for (const bucket of set.world.buckets()) await s3.createBucket(bucket);
  await set.world.writeToS3(s3.client);
  stub = await startCloudTrailStub({
    keys: () => set.world.keys,
    trails: () => set.world.trails,
    organizationId: () => set.world.organizationId,
  });
});

afterAll(async () => {
  await stub?.close();
  await s3?.close();
  await rm(root, { recursive: true, force: true });
});

/** What DescribeTrails (and DescribeOrganization) tell the CLI. */
const coordinatesOf = (s: Scenario): TrailCoordinates => {
  const entry = set.world.trails.find((t) => t.TrailARN === s.arn);
  if (!entry) throw new Error(`no trail ${s.arn}`);
  const parts = s.arn.split(':');
  return {
    arn: s.arn,
    name: entry.Name,
    homeRegion: parts[3] as string,
    sourceRegion: s.region ?? (parts[3] as string),
    accountId: s.accountId ?? (parts[4] as string),
    ...(entry.IsOrganizationTrail && { organizationId: set.world.organizationId }),
    bucket: entry.S3BucketName,
    ...(entry.S3KeyPrefix && { prefix: entry.S3KeyPrefix }),
  };
};

describe('validateTrail over S3', () => {
  it.each(IDS)('%s gives the same report as the offline copy', async (id) => {
    // Prepare
    const s = set.scenarios.find((x) => x.id === id) as Scenario;
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const keys = cloudTrailKeySource(
      new CloudTrailClient({
        endpoint: stub.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      })
    );
    let stdout = '';
    let stderr = '';
    const start = parseCliDate(s.start);
    const end = parseCliDate(s.end);
    const report = new TextReport(
      { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
      { arn: s.arn, start, end, verbose: s.verbose === true }
    );
    // Act
    report.begin();
    for await (const event of validateTrail({
      store: s3DigestStore(client),
      keys,
      trail: coordinatesOf(s),
      start,
      end,
    }))
      report.add(event);
    report.finish();
    const offline = await runTrailwatch([
      'validate',
      join(root, 'buckets'),
      '--public-keys',
      join(root, 'keys.json'),
      '--metadata',
      join(root, 'metadata.json'),
      ...scenarioFlags(s),
    ]);
    // Assess
    expect({ stdout, stderr, rc: report.exitCode() }).toEqual(offline);
    expect(report.exitCode()).toBe(s.expect.rc);
    client.destroy();
  });
});

describe('trailwatch validate s3://bucket', () => {
  it.each(['07', '18', '19'])(
    '%s reads digests, metadata and keys from AWS and reports what the offline copy gives',
    async (id) => {
      // Prepare
      const s = set.scenarios.find((x) => x.id === id) as Scenario;
      const common = scenarioFlags({ ...s, accountId: undefined }, { verbose: true });
      vi.stubEnv('AWS_ENDPOINT_URL_S3', s3.endpoint);
      vi.stubEnv('AWS_ENDPOINT_URL_CLOUDTRAIL', stub.endpoint);
      vi.stubEnv('AWS_ACCESS_KEY_ID', 'S3RVER');
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'S3RVER');
      const bucket = set.world.trails.find((t) => t.TrailARN === s.arn)?.S3BucketName as string;
      try {
        // Act
        const online = await runTrailwatch(['validate', `s3://${bucket}`, ...common]);
        const offline = await runTrailwatch([
          'validate',
          join(root, 'buckets'),
          '--public-keys',
          join(root, 'keys.json'),
          '--metadata',
          join(root, 'metadata.json'),
          ...common,
        ]);
        // Assess
        expect(online).toEqual(offline);
        expect(online.rc).toBe(s.expect.rc);
      } finally {
        vi.unstubAllEnvs();
      }
    }
  );
});
