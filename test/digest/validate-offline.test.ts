import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChainBuilder, type DigestRef, javaJson, makeSigningKey, VectorWorld } from '../helpers/digest-vectors.js';
import { runTrailwatch } from '../helpers/run-cli.js';

/*
 * `trailwatch validate` on an `aws s3 sync` copy without (or with partial) S3 metadata: each digest
 * is verified with the previousDigestSignature of the digest after it, and what cannot be verified
 * is said plainly.
 */

let root: string;
let keysFile: string;
const world = new VectorWorld();
const key = makeSigningKey(new Date('2026-01-01T00:00:00Z'), new Date('2026-03-01T00:00:00Z'));
const east = new ChainBuilder(world, {
  accountId: '111122223333',
  name: 'main',
  homeRegion: 'us-east-1',
  sourceRegion: 'us-east-1',
  bucket: 'tw-offline',
  signer: key,
});
const west = new ChainBuilder(world, {
  accountId: '111122223333',
  name: 'main',
  homeRegion: 'us-east-1',
  sourceRegion: 'us-west-2',
  bucket: 'tw-offline',
  signer: key,
});
let digests: DigestRef[];
const arn = east.arn();
const range = ['--start-time', '2026-01-07T00:00:00Z', '--end-time', '2026-01-07T05:00:00Z'];

beforeAll(async () => {
  digests = east.hourly(new Date('2026-01-07T01:00:20Z'), 4, 2);
  west.hourly(new Date('2026-01-07T01:00:40Z'), 2, 1);
  root = await mkdtemp(join(tmpdir(), 'trailwatch-offline-'));
  // A tampered copy: the second digest edited after download, then re-compressed.
  const tampered = { ...digests[1]!.doc, logFiles: [] };
  world.get('tw-offline', digests[1]!.key).body = gzipSync(javaJson(tampered));
  await world.writeToFolder(join(root, 'buckets'));
  keysFile = join(root, 'keys.json');
  await writeFile(keysFile, world.keysJson());
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const validate = (...args: string[]) =>
  runTrailwatch(['validate', join(root, 'buckets'), '--public-keys', keysFile, ...args]);

describe('trailwatch validate without --metadata', () => {
  it("verifies each digest with the next one's previousDigestSignature and names the one it cannot verify", async () => {
    // Act
    const run = await validate('--trail-arn', arn, ...range);
    // Assess
    expect(run.stderr).toContain(
      `Digest file\ts3://tw-offline/${digests[3]!.key}\tNOT VERIFIED: no signature: it is the newest digest, whose signature exists only as S3 metadata`
    );
    expect(run.stderr).toContain(
      `Digest file\ts3://tw-offline/${digests[1]!.key}\tINVALID: signature verification failed`
    );
    expect(run.stdout).toContain('2/4 digest files valid, 1/4 digest files INVALID, 1/4 digest files NOT VERIFIED');
    expect(run.rc).toBe(1);
  });

  it('never reports valid a log file that only an unverified digest lists', async () => {
    // Act
    const run = await validate('--trail-arn', arn, ...range, '--verbose');
    // Assess: the newest digest's two log files match its entries, but nothing vouches for them
    const newestLogs = (digests[3]!.doc.logFiles as Array<{ s3Object: string }>).map((l) => l.s3Object);
    for (const logKey of newestLogs) {
      expect(run.stderr).toContain(
        `Log file\ts3://tw-offline/${logKey}\tNOT VERIFIED: listed only by a digest whose signature was not verified\n`
      );
      expect(run.stdout).not.toContain(logKey);
    }
    expect(run.stdout).toContain('4/6 log files valid, 2/6 log files NOT VERIFIED');
  });

  it('finds every trail and region under the root when no --trail-arn is given', async () => {
    // Act
    const run = await validate('--end-time', '2026-01-07T05:00:00Z', '--format', 'json');
    // Assess
    const report = JSON.parse(run.stdout) as {
      results: Array<{ trail: { sourceRegion: string }; totals: { validLogs: number; unverifiedLogs: number } }>;
    };
    expect(report.results.map((r) => r.trail.sourceRegion).sort()).toEqual(['us-east-1', 'us-west-2']);
    // us-west-2: the older digest's log file is valid; the newest digest is NOT VERIFIED, and so is its log file
    expect(report.results.find((r) => r.trail.sourceRegion === 'us-west-2')?.totals).toMatchObject({
      validLogs: 1,
      unverifiedLogs: 1,
    });
    expect(run.rc).toBe(1);
  });

  it('fails on unverified digests with --strict', async () => {
    // Act
    const run = await validate(
      '--trail-arn',
      west.arn().replace('us-east-1:', 'us-east-1:'),
      '--region',
      'us-west-2',
      '--strict',
      ...range
    );
    // Assess
    expect(run.stdout).toContain('1/2 digest files valid, 1/2 digest files NOT VERIFIED');
    expect(run.rc).toBe(1);
  });
});

describe('trailwatch validate with --metadata', () => {
  it('judges a digest without an entry as the CLI does: signature verification failed, its log files unchecked', async () => {
    // Prepare: every digest has its entry but the newest (the second digest was tampered with after download)
    const newest = digests[3]!;
    const metadataFile = join(root, 'all-but-newest.json');
    await writeFile(
      metadataFile,
      world.metadataJson((o) => o.key !== newest.key)
    );
    const newestLogs = (newest.doc.logFiles as Array<{ s3Object: string }>).map((l) => l.s3Object);
    // Act
    const run = await validate('--trail-arn', arn, '--metadata', metadataFile, ...range);
    // Assess
    expect(run.stderr).toBe(
      `Digest file\ts3://tw-offline/${newest.key}\tINVALID: signature verification failed\n\n` +
        `Digest file\ts3://tw-offline/${digests[1]!.key}\tINVALID: signature verification failed\n\n`
    );
    expect(run.stdout).toBe(
      `Validating log files for trail ${arn} between 2026-01-07T00:00:00Z and 2026-01-07T05:00:00Z\n\n` +
        'Results requested for 2026-01-07T00:00:00Z to 2026-01-07T05:00:00Z\n' +
        'Results found for 2026-01-07T00:00:20Z to 2026-01-07T03:00:20Z:\n\n' +
        '2/4 digest files valid, 2/4 digest files INVALID\n' +
        '4/4 log files valid\n'
    );
    for (const logKey of newestLogs) expect(run.stdout + run.stderr).not.toContain(logKey);
    expect(run.rc).toBe(1);
  });
});

describe('trailwatch validate arguments', () => {
  it.each([
    [['validate'], 'missing <root>'],
    [['validate', '/x'], '--public-keys is required'],
    [['validate', '/x', '--public-keys', 'k.json', '--format', 'xml'], "--format must be one of text, json, got 'xml'"],
    [['validate', '/x', '--public-keys', 'k.json', '--bogus'], "unknown option '--bogus'"],
  ])('exits 2 on %j', async (args, message) => {
    // Act
    const run = await runTrailwatch(args);
    // Assess
    expect(run.rc).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('exits 255 with the CLI message on a bad trail ARN', async () => {
    // Act
    const run = await validate('--trail-arn', 'trail/main', ...range);
    // Assess
    expect(run).toEqual({ stdout: '', stderr: '\nInvalid trail ARN provided: trail/main\n', rc: 255 });
  });

  it('names the key file and entry when --public-keys is not list-public-keys output', async () => {
    // Prepare
    const bad = join(root, 'bad-keys.json');
    await writeFile(bad, JSON.stringify({ PublicKeyList: [{ Value: 42 }] }));
    // Act
    const run = await runTrailwatch([
      'validate',
      join(root, 'buckets'),
      '--public-keys',
      bad,
      '--trail-arn',
      arn,
      ...range,
    ]);
    // Assess
    expect(run.rc).toBe(255);
    expect(run.stderr).toContain(`${bad}: PublicKeyList[0].Value: not a base64 string`);
  });

  it('finds no digest under the bucket folder itself: exit 0 as validate-logs, 1 with --strict, and says which folder to give', async () => {
    // Prepare: the bucket's own folder, as `aws s3 sync s3://tw-offline ./trail` lays it out
    const bucket = join(root, 'buckets', 'tw-offline');
    const hint = `No digests found under ${bucket} (${bucket} holds AWSLogs/ itself: give the folder above it`;
    // Act
    const plain = await runTrailwatch(['validate', bucket, '--public-keys', keysFile, ...range]);
    const strict = await runTrailwatch(['validate', bucket, '--public-keys', keysFile, '--strict', ...range]);
    const json = await runTrailwatch(['validate', bucket, '--public-keys', keysFile, '--format', 'json', ...range]);
    // Assess
    expect(plain.rc).toBe(0);
    expect(plain.stderr).toContain(hint);
    expect(strict.rc).toBe(1);
    expect(strict.stderr).toContain(hint);
    expect(json.rc).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ version: 1, results: [] });
    expect(json.stderr).toContain(hint);
  });

  it('says on stderr whose digests the copy holds when the trail named has none there, stdout as validate-logs', async () => {
    // Prepare: a trail of the same account that wrote nothing here, and the right trail in another region
    const other = arn.replace(/trail\/[^/]+$/, 'trail/other');
    // Act
    const missing = await runTrailwatch([
      'validate',
      join(root, 'buckets'),
      '--public-keys',
      keysFile,
      '--trail-arn',
      other,
      ...range,
    ]);
    const elsewhere = await runTrailwatch([
      'validate',
      join(root, 'buckets'),
      '--public-keys',
      keysFile,
      '--trail-arn',
      arn,
      '--region',
      'ap-southeast-5',
      ...range,
    ]);
    // Assess
    expect(missing.rc).toBe(0);
    expect(missing.stdout).toContain('No digests found');
    expect(missing.stderr).toContain(
      `trailwatch validate: no digest of ${other} under ${join(root, 'buckets')}; digests found for ${arn} in `
    );
    expect(elsewhere.stderr).toContain(
      `trailwatch validate: no digest of ${arn} in ap-southeast-5 under ${join(root, 'buckets')}; digests found for ${arn} in `
    );
  });
});
