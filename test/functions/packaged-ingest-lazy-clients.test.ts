import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type AwsSecurityFinding, GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { CreateQueueCommand, type Message, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopes, SAMPLE_BUCKET } from '../../tools/sample/envelopes.js';
import { type MotoServer, motoServerPath, startMoto } from '../helpers/moto-server.js';
import { drainQueue } from '../helpers/raw-queue-topic.js';
import { zipEntries } from '../helpers/zip-entries.js';

const ROOT = join(import.meta.dirname, '..', '..');
const ZIP = join(ROOT, '.serverless', 'ingest.zip');
/** The sample trail's own account, where moto acts: the organization's management account. */
const ACCOUNT = '111122223333';
const OBJECTS = join(ROOT, 'events', 'objects', SAMPLE_BUCKET);
const LOGS = join(OBJECTS, 'AWSLogs', ACCOUNT, 'CloudTrail');
const DIGESTS = join(OBJECTS, 'AWSLogs', ACCOUNT, 'CloudTrail-Digest');

/** The keys of the sample's .json.gz files under `dir`, sorted. */
const keysUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json.gz'))
    .map((entry) => relative(OBJECTS, join(entry.parentPath, entry.name)))
    .sort();

const motoMissing = motoServerPath() === undefined;
const notPackaged = !existsSync(ZIP);
if (motoMissing) console.warn('packaged ingest test skipped: moto_server is not on PATH');
else if (notPackaged) console.warn('packaged ingest test skipped: no .serverless/ingest.zip; run `npx osls package`');

/** Every file of the zip written under `dir`, as Lambda unpacks it into /var/task. */
const unpack = (zip: Buffer, dir: string): void => {
  for (const entry of zipEntries(zip)) {
    if (entry.name.endsWith('/')) continue;
    const path = join(dir, entry.name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, entry.content());
  }
};

/*
 * The ingest function as `npx osls package` ships it (the esbuild .cjs bundle in the zip, run
 * from its unpacked folder as Lambda runs it, the SDK found in node_modules as the runtime
 * provides it) makes its Security Hub, Organizations and SQS clients on first use (a cold start
 * loads none of them: test/architecture/cold-start-modules.test.ts). Nothing else runs that
 * bundle's lazy loading: the in-process tests run the sources, and the CLI has a bundle of its
 * own (test/cli/bundle-lazy-clients.test.ts).
 */
describe.skipIf(motoMissing || notPackaged)('the packaged ingest bundle with its lazily loaded clients', () => {
  let moto: MotoServer;
  let findings: AwsSecurityFinding[];
  let outcome: { code: number; stdout: string; stderr: string };
  let forwarded: Message[];
  let digestKeys: string[];
  // Inside the checkout, so `require('@aws-sdk/…')` finds node_modules as the runtime finds its SDK.
  const task = join(ROOT, '.serverless', 'packaged-ingest-check');

  beforeAll(async () => {
    moto = await startMoto({ accountId: ACCOUNT });
    const client = { region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true };
    await new OrganizationsClient(client).send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const s3 = new S3Client(client);
    await s3.send(new CreateBucketCommand({ Bucket: SAMPLE_BUCKET }));
    await s3.send(new CreateBucketCommand({ Bucket: 'results' }));
    const sqs = new SQSClient(client);
    const { QueueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: 'digests' }));
    digestKeys = keysUnder(DIGESTS);
    const keys = [...keysUnder(LOGS), ...digestKeys];
    for (const key of keys)
      await s3.send(new PutObjectCommand({ Bucket: SAMPLE_BUCKET, Key: key, Body: readFileSync(join(OBJECTS, key)) }));
    rmSync(task, { recursive: true, force: true });
    unpack(readFileSync(ZIP), task);
    const events = keys.map((key) => envelopes(key, [key])['s3-put-log']);
    const script = [
      `const { handler } = require(${JSON.stringify(join(task, 'functions', 'ingest.cjs'))});`,
      `(async () => { for (const event of ${JSON.stringify(events)}) await handler(event, { awsRequestId: 'check', getRemainingTimeInMillis: () => 300000 }); })()`,
      '.catch((error) => { console.error(String(error)); process.exit(1); });',
    ].join('\n');
    outcome = await promisify(execFile)(process.execPath, ['-e', script], {
      cwd: task,
      env: {
        PATH: process.env.PATH,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_REGION: 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        AWS_ENDPOINT_URL: moto.endpoint,
        RESULTS_BUCKET: 'results',
        DIGEST_QUEUE_URL: QueueUrl,
        ALERT_SECURITY_HUB: 'true',
        ALERT_ORGANIZATIONS_LOOKUP: 'true',
        POWERTOOLS_LOG_LEVEL: 'WARN',
      },
      encoding: 'utf8',
      timeout: 120_000,
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        code: typeof error.code === 'number' ? error.code : 1,
        stdout: error.stdout ?? '',
        stderr: error.stderr ?? '',
      })
    );
    const found = await new SecurityHubClient(client).send(new GetFindingsCommand({ MaxResults: 100 }));
    findings = found.Findings ?? [];
    forwarded = await drainQueue(sqs, QueueUrl);
  }, 180_000);
  afterAll(async () => {
    rmSync(task, { recursive: true, force: true });
    await moto?.close();
  });

  it("imports its alerts into Security Hub, named with the organization's account name", () => {
    // Assess
    expect(`${outcome.stdout}${outcome.stderr}`).not.toMatch(/not a constructor|TypeError|names unavailable/);
    expect(outcome.code).toBe(0);
    expect(findings.length).toBeGreaterThan(0);
    expect(new Set(findings.map((f) => f.AwsAccountId))).toEqual(new Set([ACCOUNT]));
    // moto names an organization's management account "master".
    expect(new Set(findings.map((f) => f.ProductFields?.['trailwatch/accountName']))).toEqual(new Set(['master']));
  });

  it('hands each digest file to the verifier’s queue as an S3 notification, and reads none as a log', () => {
    // Prepare
    const announced = forwarded.map((m) => {
      const body = JSON.parse(m.Body ?? '{}') as {
        Records?: Array<{ eventSource?: string; s3?: { bucket?: { name?: string }; object?: { key?: string } } }>;
      };
      return body.Records?.map((r) => `${r.eventSource} ${r.s3?.bucket?.name}/${r.s3?.object?.key}`);
    });
    // Assess
    expect(digestKeys.length).toBeGreaterThan(0);
    expect(announced.flat().sort()).toEqual(digestKeys.map((key) => `aws:s3 ${SAMPLE_BUCKET}/${key}`));
  });
});
