/*
 * Digest benchmark: one day of one region (24 hourly digests, ~300 log files) in a local S3
 * (s3rver), validated in the same run by `aws cloudtrail validate-logs` and by `trailwatch validate
 * s3://…`, each as its own process against the same objects, plus trailwatch's core in-process (what
 * a warm Lambda does). Outputs are compared, so the two tools provably did the same work.
 *
 * Standalone: NODE_OPTIONS=--openssl-legacy-provider npx tsx bench/digest.ts
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { S3Client } from '@aws-sdk/client-s3';
import { build } from 'esbuild';
import { s3DigestStore } from '../lib/aws/digest-store.js';
import { cloudTrailKeySource } from '../lib/aws/public-keys.js';
import { TextReport, validateTrail } from '../lib/digest/index.js';
import { startCloudTrailStub } from '../test/helpers/cloudtrail-stub.js';
import { ChainBuilder, makeSigningKey, VectorWorld } from '../test/helpers/digest-vectors.js';
import { startLocalS3 } from '../test/helpers/s3rver.js';

const here = dirname(fileURLToPath(import.meta.url));
const BUCKET = 'tw-bench-digest';
const DAY = '2026-01-15';
const RECORDS_PER_LOG = 120;
/** First-byte latency added in front of s3rver to model S3 (in-region GETs take ~10–30 ms). */
const S3_LIKE_LATENCY_MS = 15;

/** Fields of a typical management event, with the entropy of real ids, so files compress like real ones (~8:1). */
const realisticFields = (i: number): Record<string, unknown> => {
  const id = createHash('sha256')
    .update(String(i * 7919 + Math.random()))
    .digest('hex');
  return {
    userIdentity: {
      type: 'AssumedRole',
      principalId: `AROA${id.slice(0, 17).toUpperCase()}:session-${id.slice(17, 25)}`,
      arn: `arn:aws:sts::111122223333:assumed-role/app-role-${i % 7}/session-${id.slice(17, 25)}`,
      accountId: '111122223333',
      accessKeyId: `ASIA${id.slice(25, 41).toUpperCase()}`,
      sessionContext: { attributes: { creationDate: '2026-01-15T00:00:00Z', mfaAuthenticated: 'false' } },
    },
    sourceIPAddress: `10.${i % 255}.${(i * 7) % 255}.${(i * 13) % 255}`,
    userAgent:
      'aws-sdk-java/2.25.11 Linux/5.10.219 OpenJDK_64-Bit_Server_VM/17.0.11+9-LTS Java/17.0.11 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/standard',
    requestParameters: {
      bucketName: `data-${i % 13}`,
      key: `objects/${id.slice(0, 2)}/${id.slice(2, 40)}.parquet`,
      Host: `data-${i % 13}.s3.us-east-1.amazonaws.com`,
    },
    responseElements: null,
    additionalEventData: {
      SignatureVersion: 'SigV4',
      CipherSuite: 'TLS_AES_128_GCM_SHA256',
      bytesTransferredIn: 0,
      AuthenticationMethod: 'AuthHeader',
      'x-amz-id-2': id,
      bytesTransferredOut: (i * 977) % 100000,
    },
    requestID: id.slice(40, 56).toUpperCase(),
    readOnly: true,
    resources: [
      {
        type: 'AWS::S3::Object',
        ARN: `arn:aws:s3:::data-${i % 13}/objects/${id.slice(0, 2)}/${id.slice(2, 40)}.parquet`,
      },
    ],
    eventType: 'AwsApiCall',
    managementEvent: false,
    eventCategory: 'Data',
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: `data-${i % 13}.s3.us-east-1.amazonaws.com`,
    },
  };
};

/** A TCP-level proxy that holds each new request for `delayMs` before passing it to `target`. */
const latencyProxy = async (target: string, delayMs: number): Promise<{ endpoint: string; close(): Promise<void> }> => {
  const { hostname, port } = new URL(target);
  const server = createServer((req, res) => {
    setTimeout(() => {
      const upstream = request(
        { host: hostname, port, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        }
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    }, delayMs);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
};

type Run = { ms: number; stdout: string; stderr: string; rc: number };

const timed = (cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    // Asynchronous on purpose: s3rver answers from this process's event loop.
    execFile(cmd, args, { env, encoding: 'utf8', maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = (error as { code?: unknown } | null)?.code;
      if (error && typeof code !== 'number') reject(error);
      else resolve({ ms: performance.now() - started, stdout, stderr, rc: typeof code === 'number' ? code : 0 });
    });
  });

/** The median run of several (its output is compared), with the range of their times. */
type Timed = Run & { min: number; max: number };

const medianOf = async (times: number, run: () => Promise<Run>): Promise<Timed> => {
  const runs: Run[] = [];
  for (let i = 0; i < times; i += 1) runs.push(await run());
  runs.sort((a, b) => a.ms - b.ms);
  const median = runs[Math.floor(runs.length / 2)] as Run;
  return { ...median, min: (runs[0] as Run).ms, max: (runs[runs.length - 1] as Run).ms };
};

const RUNS = 5;

/** `123 ms (110–140)`: median and range. */
const range = (t: Timed): string => `${t.ms.toFixed(0)} ms (${t.min.toFixed(0)}–${t.max.toFixed(0)})`;

/** The validate command bundled as Lambda code is (no TypeScript loader in the measured process). */
const bundleCli = async (): Promise<string> => {
  const dir = join(here, '.corpus');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'digest-cli.mjs');
  await build({
    entryPoints: [join(here, 'digest-cli.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'warning',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  return outfile;
};

const hasAws = (): boolean => {
  try {
    execFileSync('aws', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/**
 * Runs the digest benchmark and prints both timings and the ratio.
 * @example
 * await runDigestBench();
 */
export async function runDigestBench(): Promise<void> {
  // Prepare: one trail, one region, one day.
  const world = new VectorWorld();
  const key = makeSigningKey(new Date('2026-01-01T00:00:00Z'), new Date('2026-02-01T00:00:00Z'));
  const chain = new ChainBuilder(world, {
    accountId: '111122223333',
    name: 'bench',
    homeRegion: 'us-east-1',
    sourceRegion: 'us-east-1',
    bucket: BUCKET,
    signer: key,
    recordExtra: realisticFields,
  });
  const logsPerHour = (h: number): number => 11 + (h % 4); // 12.5 on average: 300 a day
  const realLog = chain.log.bind(chain);
  chain.log = (time, _records, bucket) => realLog(time, RECORDS_PER_LOG, bucket);
  const digests = chain.hourly(new Date(`${DAY}T00:04:31Z`), 24, logsPerHour);
  const bytes = chain.logs.reduce((sum, l) => sum + world.get(l.bucket, l.key).body.length, 0);
  const s3 = await startLocalS3();
  const stub = await startCloudTrailStub({
    keys: () => world.keys,
    trails: () => world.trails,
    organizationId: () => world.organizationId,
  });
  try {
    await s3.createBucket(BUCKET);
    await world.writeToS3(s3.client);
    const start = `${DAY}T00:00:00Z`;
    const end = `${DAY}T23:59:59Z`;
    const args = ['--trail-arn', chain.arn(), '--start-time', start, '--end-time', end, '--verbose'];
    console.log(
      `digest bench: ${digests.length} digests, ${chain.logs.length} log files (${(bytes / 1e6).toFixed(1)} MB gzip, ${RECORDS_PER_LOG} records of ~1.4 KB each), s3rver on 127.0.0.1`
    );
    const cli = await bundleCli();
    const aws = hasAws();
    if (!aws) console.log('aws cloudtrail validate-logs: not measured, no `aws` binary on PATH (pip install awscli)');

    /** Times the three runs against one S3 endpoint. */
    const measure = async (label: string, s3Endpoint: string): Promise<void> => {
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_REGION: 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_ENDPOINT_URL_S3: s3Endpoint,
        AWS_ENDPOINT_URL_CLOUDTRAIL: stub.endpoint,
        AWS_REQUEST_CHECKSUM_CALCULATION: 'when_required',
        AWS_RESPONSE_CHECKSUM_VALIDATION: 'when_required',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      };
      // Act: trailwatch as its own process, its core in this process, then the AWS CLI.
      const ours = await medianOf(RUNS, () =>
        timed(process.execPath, [cli, 'validate', `s3://${BUCKET}`, ...args], env)
      );
      const client = new S3Client({
        endpoint: s3Endpoint,
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
      const trail = {
        arn: chain.arn(),
        name: 'bench',
        homeRegion: 'us-east-1',
        sourceRegion: 'us-east-1',
        accountId: '111122223333',
        bucket: BUCKET,
      };
      const inProcess = await medianOf(RUNS, async () => {
        let stdout = '';
        const started = performance.now();
        const report = new TextReport(
          { stdout: (t) => (stdout += t), stderr: () => {} },
          { arn: chain.arn(), start: new Date(start), end: new Date(end), verbose: true }
        );
        report.begin();
        for await (const event of validateTrail({
          store: s3DigestStore(client),
          keys,
          trail,
          start: new Date(start),
          end: new Date(end),
        }))
          report.add(event);
        report.finish();
        return { ms: performance.now() - started, stdout, stderr: '', rc: report.exitCode() };
      });
      client.destroy();
      console.log(`\n${label}`);
      if (!aws) {
        console.log(`  trailwatch validate s3:// (own process) ${range(ours)}; core in-process ${range(inProcess)}`);
        return;
      }
      const theirs = await medianOf(RUNS, () => timed('aws', ['cloudtrail', 'validate-logs', ...args], env));
      // Assess: the same verdict lines from both tools, then the numbers.
      const same =
        ours.stdout === theirs.stdout &&
        ours.stderr === theirs.stderr &&
        ours.rc === theirs.rc &&
        inProcess.stdout === theirs.stdout;
      const summary = theirs.stdout.trim().split('\n').slice(-2).join('; ');
      console.log(`  output identical to the AWS CLI: ${same ? 'yes' : 'NO'} (${summary}; exit ${theirs.rc})`);
      const row = (name: string, t: Timed) =>
        console.log(`  ${name.padEnd(44)} ${range(t).padStart(24)}   ${(theirs.ms / t.ms).toFixed(1).padStart(5)}x`);
      row('aws cloudtrail validate-logs (pip 1.45)', theirs);
      row('trailwatch validate s3:// (own process)', ours);
      row('trailwatch core in-process (warm Lambda)', inProcess);
      const ratio = theirs.ms / ours.ms;
      console.log(
        `  trailwatch (process vs process) is ${ratio.toFixed(1)}x faster (target >= 5x: ${ratio >= 5 ? 'met' : 'not met'})`
      );
    };

    await measure(
      's3rver direct (no network latency; s3rver serves ~2 ms per GET, which bounds both tools)',
      s3.endpoint
    );
    const proxy = await latencyProxy(s3.endpoint, S3_LIKE_LATENCY_MS);
    try {
      await measure(`s3rver behind ${S3_LIKE_LATENCY_MS} ms first-byte latency per request (S3-like)`, proxy.endpoint);
    } finally {
      await proxy.close();
    }
  } finally {
    await stub.close();
    await s3.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runDigestBench();
}
