import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../lib/model/alert.js';
import { loadEvent } from '../helpers/events.js';
import { loadSampleBucket } from '../helpers/sample-bucket.js';
import { type LocalS3, startLocalS3 } from '../helpers/s3rver.js';

const RESULTS = 'trailwatch-results';
// A folder of good user rules beside a folder whose one file is invalid (bad.yml:6, a CIDR block that is not one).
const RULES_DIRS = 'test/fixtures/rules/custom,test/fixtures/rules/invalid';

/** The alerts the console sink writes to stdout during `act`. */
const alertsWritten = async (act: () => Promise<unknown>): Promise<Alert[]> => {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    await act();
  } finally {
    spy.mockRestore();
  }
  return lines
    .join('')
    .split('\n')
    .filter((l) => l.startsWith('{"id"'))
    .map((l) => JSON.parse(l) as Alert);
};

const configurationFindings = (alerts: Alert[]) =>
  alerts
    .filter((a) => a.category === 'configuration')
    .map((a) => ({ ruleId: a.ruleId, file: a.details?.file, line: a.details?.line, reason: a.details?.reason }));

const BAD_FILE_FINDING = {
  ruleId: 'rule-file-invalid',
  file: expect.stringMatching(/\/test\/fixtures\/rules\/invalid\/bad\.yml$/),
  line: 6,
  reason: "'300.0.0.0/8' is not a CIDR block (e.g. 10.0.0.0/8, 2001:db8::/32)",
};

describe('a Lambda function with an invalid file in its rule folders', () => {
  let s3: LocalS3;
  beforeAll(async () => {
    s3 = await startLocalS3();
    await loadSampleBucket(s3, RESULTS);
  });
  afterAll(async () => s3.close());
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('ingest starts, runs the built-in and the other user rules, and reports the file once per cold start', async () => {
    // Prepare
    vi.stubEnv('TRAILWATCH_RULES_DIRS', RULES_DIRS);
    vi.stubEnv('RESULTS_BUCKET', RESULTS);
    vi.stubEnv('AWS_ENDPOINT_URL_S3', s3.endpoint);
    const { handler } = await import('../../functions/ingest.js');
    const event = await loadEvent('s3-put-log');
    const context = { awsRequestId: 'first', functionName: 'ingest' } as Context;
    // Act
    const first = await alertsWritten(() => handler(event, context));
    const second = await alertsWritten(() => handler(event, { ...context, awsRequestId: 'second' }));
    // Assess
    expect(configurationFindings(first)).toEqual([BAD_FILE_FINDING]);
    expect(configurationFindings(second)).toEqual([]);
    for (const alerts of [first, second])
      expect(alerts.map((a) => a.ruleId)).toEqual(
        expect.arrayContaining(['iam-admin-policy-attached', 'failed-console-sign-in'])
      );
  });

  it('realtime starts, alerts on the event with the built-in rules, and reports the file once', async () => {
    // Prepare
    vi.stubEnv('TRAILWATCH_RULES_DIRS', 'test/fixtures/rules/invalid');
    const { handler } = await import('../../functions/realtime.js');
    const event = await loadEvent('eventbridge-cloudtrail-stop-logging');
    const context = { awsRequestId: 'first', functionName: 'realtime' } as Context;
    // Act
    const first = await alertsWritten(() => handler(event, context));
    const second = await alertsWritten(() => handler(event, { ...context, awsRequestId: 'second' }));
    // Assess
    expect(configurationFindings(first)).toEqual([BAD_FILE_FINDING]);
    expect(configurationFindings(second)).toEqual([]);
    for (const alerts of [first, second]) expect(alerts.map((a) => a.ruleId)).toContain('cloudtrail-logging-stopped');
  });

  it('logs starts, alerts on the batch with the built-in rules, and reports the file once', async () => {
    // Prepare
    vi.stubEnv('TRAILWATCH_RULES_DIRS', 'test/fixtures/rules/invalid');
    const { handler } = await import('../../functions/logs.js');
    const event = await loadEvent('cloudwatch-logs-subscription');
    const context = { awsRequestId: 'first', functionName: 'logs' } as Context;
    // Act
    const first = await alertsWritten(() => handler(event, context));
    const second = await alertsWritten(() => handler(event, { ...context, awsRequestId: 'second' }));
    // Assess
    expect(configurationFindings(first)).toEqual([BAD_FILE_FINDING]);
    expect(configurationFindings(second)).toEqual([]);
    for (const alerts of [first, second]) expect(alerts.map((a) => a.ruleId)).toContain('cloudtrail-logging-stopped');
  });
});
