/*
 * The Lambda benchmark: the ingest function as `npx osls package` zips it, unpacked and loaded in
 * a fresh `node` process pinned to one core (the SDK resolved from node_modules, as the nodejs
 * runtime provides @aws-sdk), against s3rver. Cold: process start to handler ready. Warm: one SQS
 * message announcing a 50 KB log file, the full rule pack, the summary written to S3 and alerts to
 * the console sink. Baseline: a bare `node` process start on the same core.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { startLocalS3 } from '../test/helpers/s3rver.js';
import { envelopes, SAMPLE_BUCKET } from '../tools/sample/envelopes.js';
import { encodeLogFile, generateRecords, logFileKey } from '../tools/sample/generate-trail.js';
import type { BenchRow } from './cli.js';
import { CORPUS_DIR } from './corpus.js';
import { CLEAN_ENV, fmt, HAS_TASKSET, runProcessAsync, series, stats } from './measure.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const ZIP = join(ROOT, '.serverless', 'ingest.zip');
const RESULTS = 'tw-bench-results';
const INVOCATIONS = 10;

/** A log file of about 50 KB gzip. */
const fiftyKilobytes = (): { key: string; body: Buffer; records: number } => {
  let count = 150;
  for (;;) {
    const body = encodeLogFile(
      generateRecords({
        seed: 50,
        account: '111122223333',
        region: 'us-east-1',
        start: new Date('2026-01-02T03:00:00Z'),
        count,
        spacingSeconds: 1,
        notable: true,
      })
    );
    if (body.length >= 48_000 && body.length <= 52_000) {
      const key = logFileKey('111122223333', 'us-east-1', new Date('2026-01-02T03:10:00Z'), 'LAMBDABENCH00001');
      return { key, body, records: count };
    }
    count = Math.max(2, Math.round((count * 50_000) / body.length));
  }
};

/**
 * Runs the Lambda benchmark (packages the functions first when `.serverless/ingest.zip` is missing).
 * @returns the rows of the results table and a line describing the setup
 */
export const runLambdaBench = async (
  runs: number,
  out: (line: string) => void
): Promise<{ rows: BenchRow[]; about: string[] }> => {
  out('   … Lambda (ingest, packaged)');
  if (!existsSync(ZIP)) execFileSync('npx', ['osls', 'package'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  // Unpacked inside the repository, so `require('@aws-sdk/…')` finds node_modules as the runtime's SDK.
  const unpacked = join(CORPUS_DIR, 'lambda-ingest');
  rmSync(unpacked, { recursive: true, force: true });
  mkdirSync(unpacked, { recursive: true });
  execFileSync('unzip', ['-q', ZIP, '-d', unpacked]);
  const handler = join(unpacked, 'functions', 'ingest.cjs');

  const s3 = await startLocalS3();
  try {
    await s3.createBucket(SAMPLE_BUCKET);
    await s3.createBucket(RESULTS);
    const file = fiftyKilobytes();
    await s3.client.send(new PutObjectCommand({ Bucket: SAMPLE_BUCKET, Key: file.key, Body: file.body }));
    const eventPath = join(unpacked, 'event.json');
    writeFileSync(eventPath, JSON.stringify(envelopes(file.key, [file.key])['sqs-s3-put-log']));
    const env: NodeJS.ProcessEnv = {
      ...CLEAN_ENV,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      RESULTS_BUCKET: RESULTS,
      POWERTOOLS_LOG_LEVEL: 'WARN',
      POWERTOOLS_METRICS_NAMESPACE: 'trailwatch',
      AWS_LAMBDA_FUNCTION_NAME: 'trailwatch-dev-ingest',
      // s3rver's signature checks need the legacy OpenSSL provider; the Lambda runtime does not.
      NODE_OPTIONS: '--openssl-legacy-provider',
    };
    const resultPath = join(unpacked, 'result.json');
    const colds: number[] = [];
    const firsts: number[] = [];
    const warms: number[] = [];
    let failure: string | undefined;
    for (let i = 0; i <= runs; i++) {
      const run = await runProcessAsync(
        [
          process.execPath,
          join(ROOT, 'bench', 'lambda-harness.mjs'),
          handler,
          eventPath,
          String(INVOCATIONS),
          resultPath,
        ],
        { pin: true, env }
      );
      if (run.status !== 0) {
        if (process.env.BENCH_DEBUG) process.stderr.write(run.stderr);
        failure = (run.stderr.match(/^\w*Error.*$/m)?.[0] ?? run.stderr.trim().split('\n').pop() ?? '').slice(0, 160);
        break;
      }
      const result = JSON.parse(readFileSync(resultPath, 'utf8')) as { coldMs: number; invocationsMs: number[] };
      if (i === 0) continue; // warm-up process
      colds.push(result.coldMs);
      firsts.push(result.invocationsMs[0] as number);
      warms.push(...result.invocationsMs.slice(1));
    }
    const summaries = await s3.client.send(new ListObjectsV2Command({ Bucket: RESULTS }));
    const summaryKey = summaries.Contents?.[0]?.Key;
    const summary = summaryKey
      ? (JSON.parse(
          (await (
            await s3.client.send(new GetObjectCommand({ Bucket: RESULTS, Key: summaryKey }))
          ).Body?.transformToString()) ?? '{}'
        ) as { records?: number })
      : {};
    if (failure === undefined && summary.records !== file.records)
      failure = `the summary holds ${summary.records} records, not ${file.records}`;
    const bare = series([process.execPath, '-e', '0'], runs, { pin: true, env: CLEAN_ENV });
    const about = [
      `Lambda: .serverless/ingest.zip (${(readFileSync(ZIP).length / 1e3).toFixed(0)} KB zip) unpacked, in a fresh node ${HAS_TASKSET ? 'pinned with taskset -c 0' : '(not pinned: taskset not found)'}, @aws-sdk from node_modules, s3rver on 127.0.0.1; ${runs} processes × ${INVOCATIONS} invocations; a ${(file.body.length / 1e3).toFixed(0)} KB log file of ${file.records} records.`,
    ];
    if (failure !== undefined) {
      const row = (what: string, target: string): BenchRow => ({
        goal: 'Lambda',
        what,
        trailwatch: `fails: ${failure}`,
        baseline: '-',
        ratio: '-',
        target,
        verdict: 'not met',
      });
      return { rows: [row('cold start', '≤ 300 ms'), row('warm invocation', '≤ 50 ms')], about };
    }
    const cold = stats(colds);
    const warm = stats(warms);
    return {
      rows: [
        {
          goal: 'Lambda',
          what: 'ingest cold start: process start → handler ready, one core',
          trailwatch: fmt(cold, 'ms'),
          baseline: `bare \`node -e 0\` process: ${fmt(bare.time, 'ms')}`,
          ratio: '-',
          target: '≤ 300 ms',
          verdict: cold.median <= 300 ? 'met' : 'not met',
        },
        {
          goal: 'Lambda',
          what: 'ingest warm invocation: 50 KB file, full pack, summary written, console sink',
          trailwatch: fmt(warm, 'ms', 1),
          baseline: `first invocation: ${fmt(stats(firsts), 'ms', 1)}`,
          ratio: '-',
          target: '≤ 50 ms',
          verdict: warm.median <= 50 ? 'met' : 'not met',
        },
      ],
      about,
    };
  } finally {
    await s3.close();
  }
};
