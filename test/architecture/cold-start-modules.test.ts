import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zipEntries } from '../helpers/zip-entries.js';

/*
 * What the ingest function loads at a cold start (`npx osls package` writes its bundle to
 * .serverless/): the SDK packages of services it seldom calls (SNS and EventBridge for alerts,
 * SQS for the hourly digest file, Security Hub, Organizations) are loaded on first use, and
 * CloudTrail's, which it never calls, not at all, so a cold start does not compile them.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const ZIP = join(ROOT, '.serverless', 'ingest.zip');

/** The SDK packages the bundle has loaded once `require` returns, as the Lambda runtime loads it. */
const loadedAtColdStart = (): string[] => {
  const entry = zipEntries(readFileSync(ZIP)).find((e) => e.name === 'functions/ingest.cjs');
  if (entry === undefined) throw new Error(`${ZIP} holds no functions/ingest.cjs`);
  // Inside the checkout, so `require('@aws-sdk/…')` finds node_modules as the runtime finds its SDK.
  const dir = join(ROOT, '.serverless', 'cold-start-check');
  mkdirSync(dir, { recursive: true });
  const handler = join(dir, 'ingest.cjs');
  writeFileSync(handler, entry.content());
  try {
    const script = `require(${JSON.stringify(handler)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
    const out = execFileSync(process.execPath, ['-e', script], {
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'us-east-1',
        RESULTS_BUCKET: 'results',
        POWERTOOLS_LOG_LEVEL: 'WARN',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      encoding: 'utf8',
    });
    const packages = (JSON.parse(out) as string[]).flatMap(
      (path) => path.match(/@aws-sdk\/client-[a-z0-9-]+/)?.[0] ?? []
    );
    return [...new Set(packages)].sort();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

describe('the ingest bundle at a cold start', () => {
  it('loads the S3 client but none of the alert sinks’ clients, nor SQS, until they are called, nor CloudTrail', () => {
    // Prepare
    expect(existsSync(ZIP), 'no .serverless/ingest.zip: run `npx osls package` first (.ci/run does)').toBe(true);
    // Act
    const loaded = loadedAtColdStart();
    // Assess
    expect(loaded).toContain('@aws-sdk/client-s3');
    expect(loaded).not.toContain('@aws-sdk/client-sns');
    expect(loaded).not.toContain('@aws-sdk/client-eventbridge');
    expect(loaded).not.toContain('@aws-sdk/client-sqs');
    expect(loaded).not.toContain('@aws-sdk/client-securityhub');
    expect(loaded).not.toContain('@aws-sdk/client-organizations');
    expect(loaded).not.toContain('@aws-sdk/client-cloudtrail');
  });
});
