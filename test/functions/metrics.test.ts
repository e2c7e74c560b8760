import { gunzipSync, gzipSync } from 'node:zlib';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AlertDeliveryError } from '../../lib/alerts/errors.js';
import type { OutcomeBrief } from '../../lib/pipelines/ingest-event.js';
import type { FileSummary } from '../../lib/model/summary.js';
import { silentLog } from '../../lib/model/log.js';
import { FUNCTION_METRICS, METRIC_DIMENSIONS, METRICS_NAMESPACE } from '../../lib/model/metrics.js';
import { evaluateEventBridgeRecord } from '../../lib/pipelines/realtime.js';
import { compileDefinition } from '../../lib/rules/engine/compile-rule.js';
import { RuleEngine } from '../../lib/rules/engine/rule-engine.js';
import { compiledBuiltinRules } from '../../lib/rules/loading/load-rule-set.js';
import { cloudTrailNotification, SAMPLE_BUCKET, s3Put } from '../../tools/sample/envelopes.js';
import { encodeLogFile } from '../../tools/sample/generate-trail.js';
import { type CloudTrailStub, startCloudTrailStub } from '../helpers/cloudtrail-stub.js';
import { ChainBuilder, makeSigningKey, VectorWorld } from '../helpers/digest-vectors.js';
import { loadEvent } from '../helpers/events.js';
import { captureStdout, type EmfDocument, emfDocuments, sumOf, unitsOf, valuesOf } from '../helpers/emf.js';
import { someRecords } from '../helpers/log-files.js';
import { type MotoServer, startMoto } from '../helpers/moto-server.js';
import { type LocalS3, startLocalS3 } from '../helpers/s3rver.js';
import { loadSampleBucket } from '../helpers/sample-bucket.js';

/*
 * The handlers as Lambda runs them: module loaded with the function's environment, EMF lines on
 * stdout (POWERTOOLS_DEV off, as on Lambda), parsed back here.
 */

const SERVICE = 'trailwatch-test';
const RESULTS = 'metrics-results';
type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** Loads a handler module afresh (its cold start) with the given environment on top of a Lambda-like one. */
const loadHandler = async (load: () => Promise<{ handler: Handler }>, env: Record<string, string>) => {
  vi.stubEnv('POWERTOOLS_DEV', 'false');
  vi.stubEnv('POWERTOOLS_SERVICE_NAME', SERVICE);
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  vi.resetModules();
  return (await load()).handler;
};
const ingestModule = () => import('../../functions/ingest.js') as Promise<{ handler: Handler }>;
const verifyModule = () => import('../../functions/verify.js') as Promise<{ handler: Handler }>;
const realtimeModule = () => import('../../functions/realtime.js') as Promise<{ handler: Handler }>;
const logsModule = () => import('../../functions/logs.js') as Promise<{ handler: Handler }>;

/** Asserts each lag lies between what the clock said before and after the invocation. */
const expectLags = (lags: number[], newest: readonly string[], started: number, ended: number) => {
  expect(lags).toHaveLength(newest.length);
  newest.forEach((time, i) => {
    expect(lags[i]).toBeGreaterThanOrEqual((started - Date.parse(time)) / 1000);
    expect(lags[i]).toBeLessThanOrEqual((ended - Date.parse(time)) / 1000);
  });
};

const byDimension = (docs: EmfDocument[], dimension: 'function' | 'sink', value: string) =>
  docs.filter((d) => d[dimension] === value);

afterEach(() => vi.unstubAllEnvs());

describe('ingest handler metrics', () => {
  let s3: LocalS3;
  let moto: MotoServer;
  let keys: string[];
  const truncatedKey =
    'AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/111122223333_CloudTrail_us-east-1_20260102T0400Z_METRICSTRUNC0001.json.gz';
  const context = { functionName: 'trailwatch-test-ingest', awsRequestId: 'req-ingest' } as Context;

  beforeAll(async () => {
    [s3, moto] = await Promise.all([startLocalS3(), startMoto()]);
    keys = await loadSampleBucket(s3, RESULTS);
    const gz = encodeLogFile(someRecords(200));
    await s3.client.send(
      new PutObjectCommand({ Bucket: SAMPLE_BUCKET, Key: truncatedKey, Body: gz.subarray(0, gz.length >> 1) })
    );
  });
  afterAll(async () => {
    await Promise.all([s3?.close(), moto?.close()]);
  });

  const s3Env = () => ({
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    RESULTS_BUCKET: RESULTS,
  });

  it('writes the files, records, damage, bad records, rule errors and lag of an invocation as EMF', async () => {
    // Prepare
    const handler = await loadHandler(ingestModule, s3Env());
    const started = Date.now();
    // Act
    const { lines, result, error } = await captureStdout(() =>
      handler(cloudTrailNotification([keys[0] as string, truncatedKey]), context)
    );
    const ended = Date.now();
    // Assess
    expect(error).toBeUndefined();
    const briefs = result as OutcomeBrief[];
    expect(briefs.map((b) => b.status)).toEqual(['ok', 'damaged']);
    const docs = emfDocuments(lines);
    const [own, ...others] = byDimension(docs, 'function', 'ingest');
    expect(others).toEqual([]);
    expect(own?._aws.CloudWatchMetrics.map((m) => [m.Namespace, m.Dimensions])).toEqual([
      [METRICS_NAMESPACE, [[...METRIC_DIMENSIONS.function]]],
    ]);
    expect(own).toMatchObject({ service: SERVICE, function: 'ingest' });
    const ingestMetrics = Object.entries(FUNCTION_METRICS).filter(([, m]) =>
      (m.functions as readonly string[]).includes('ingest')
    );
    expect(unitsOf(own as EmfDocument)).toEqual(Object.fromEntries(ingestMetrics.map(([name, m]) => [name, m.unit])));
    expect(valuesOf(own, 'FilesProcessed')).toEqual([1, 1]);
    expect(valuesOf(own, 'DamagedFiles')).toEqual([0, 1]);
    expect(sumOf(own, 'Records')).toBe(briefs.reduce((n, b) => n + (b.records ?? 0), 0));
    const summaries = await Promise.all(briefs.map((b) => readSummary(s3, b.summaryKey as string)));
    expect(sumOf(own, 'BadRecords')).toBe(summaries.reduce((n, s) => n + s.badRecords, 0));
    expect(sumOf(own, 'RuleErrors')).toBe(summaries.reduce((n, s) => n + (s.detection.ruleErrors ?? 0), 0));
    // Lag: now minus the newest eventTime of each file, in seconds.
    expectLags(
      valuesOf(own, 'Lag'),
      summaries.map((summary) => summary.lastEventTime as string),
      started,
      ended
    );
    // The sample file raises alerts; with no SNS or EventBridge set they go to the console sink.
    const printed = lines.filter((l) => l.startsWith('{"id"')).length;
    expect(printed).toBeGreaterThan(0);
    const [sink, ...moreSinks] = byDimension(docs, 'sink', 'console');
    expect(moreSinks).toEqual([]);
    expect(sink?._aws.CloudWatchMetrics.map((m) => [m.Namespace, m.Dimensions])).toEqual([
      [METRICS_NAMESPACE, [[...METRIC_DIMENSIONS.sink]]],
    ]);
    expect(sink).toMatchObject({ service: SERVICE, sink: 'console' });
    expect(unitsOf(sink as EmfDocument)).toEqual({ AlertsSent: 'Count', AlertsUndelivered: 'Count' });
    expect([sumOf(sink, 'AlertsSent'), sumOf(sink, 'AlertsUndelivered')]).toEqual([printed, 0]);
    expect(docs).toHaveLength(2);
  });

  it('reports the alerts SNS refused when the invocation fails, and counts the file only once it is done', async () => {
    // Prepare: a topic that does not exist, so every publish fails for good
    const handler = await loadHandler(ingestModule, {
      ...s3Env(),
      AWS_ENDPOINT_URL_SNS: moto.endpoint,
      ALERT_SNS_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:trailwatch-missing',
      ALERT_MIN_SEVERITY_SNS: 'info',
    });
    // Act
    const { lines, error } = await captureStdout(() => handler(s3Put(keys[0] as string), context));
    // Assess
    expect(error).toMatchObject({ name: 'ObjectsFailedError' });
    const delivery = (error as { cause: AlertDeliveryError }).cause;
    expect(delivery.name).toBe('AlertDeliveryError');
    const docs = emfDocuments(lines);
    const [sns] = byDimension(docs, 'sink', 'sns');
    expect(sns).toMatchObject({ service: SERVICE, sink: 'sns' });
    expect(sumOf(sns, 'AlertsUndelivered')).toBe(delivery.undeliveredIds.length);
    expect(sumOf(sns, 'AlertsUndelivered')).toBeGreaterThan(0);
    expect(sumOf(sns, 'AlertsSent')).toBe(0);
    expect(byDimension(docs, 'function', 'ingest')).toEqual([]);
  });
});

describe('verify handler metrics', () => {
  const TRAIL_BUCKET = 'metrics-trail';
  const context = { functionName: 'trailwatch-test-verify', awsRequestId: 'req-verify' } as Context;
  const world = new VectorWorld();
  const chain = new ChainBuilder(world, {
    accountId: '111122223333',
    name: 'main',
    homeRegion: 'us-east-1',
    sourceRegion: 'us-east-1',
    bucket: TRAIL_BUCKET,
    signer: makeSigningKey(new Date('2026-01-01T00:00:00Z'), new Date('2026-03-01T00:00:00Z')),
  });
  let s3: LocalS3;
  let stub: CloudTrailStub;

  beforeAll(async () => {
    s3 = await startLocalS3();
    await s3.createBucket(TRAIL_BUCKET);
    await s3.createBucket(RESULTS);
    stub = await startCloudTrailStub({
      keys: () => world.keys,
      trails: () => world.trails,
      organizationId: () => world.organizationId,
    });
  });
  afterAll(async () => {
    await Promise.all([stub?.close(), s3?.close()]);
  });

  it('counts every digest verified and those whose verdict is invalid', async () => {
    // Prepare: two hourly digests; a log file of the second hour is changed after delivery
    const digests = chain.hourly(new Date('2026-01-05T01:00:10Z'), 2, 2);
    const changed = chain.logs[2];
    const other = chain.logs[0];
    if (!changed || !other) throw new Error('the chain has fewer log files than expected');
    world.get(changed.bucket, changed.key).body = world.get(other.bucket, other.key).body;
    await world.writeToS3(s3.client);
    const handler = await loadHandler(verifyModule, {
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_CLOUDTRAIL: stub.endpoint,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      RESULTS_BUCKET: RESULTS,
    });
    const event = {
      Records: digests.map((d) => ({
        eventSource: 'aws:s3',
        eventName: 'ObjectCreated:Put',
        s3: { bucket: { name: TRAIL_BUCKET }, object: { key: d.key } },
      })),
    };
    // Act
    const { lines, result, error } = await captureStdout(() => handler(event, context));
    // Assess
    expect(error).toBeUndefined();
    expect((result as Array<{ status: string }>).map((o) => o.status)).toEqual(['valid', 'invalid']);
    const [own] = byDimension(emfDocuments(lines), 'function', 'verify');
    expect(own).toMatchObject({ service: SERVICE, function: 'verify' });
    expect(own?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([[...METRIC_DIMENSIONS.function]]);
    expect(unitsOf(own as EmfDocument)).toEqual({ DigestsVerified: 'Count', DigestsFailed: 'Count' });
    expect(valuesOf(own, 'DigestsVerified')).toEqual([1, 1]);
    expect(valuesOf(own, 'DigestsFailed')).toEqual([0, 1]);
  });
});

describe('realtime and logs handler metrics', () => {
  it('counts the EventBridge event, its lag and the alerts it raised', async () => {
    // Prepare
    const handler = await loadHandler(realtimeModule, {});
    const event = (await loadEvent('eventbridge-cloudtrail-stop-logging')) as { detail: { eventTime: string } };
    const started = Date.now();
    // Act
    const { lines, error } = await captureStdout(() =>
      handler(event, { functionName: 'trailwatch-test-realtime' } as Context)
    );
    const ended = Date.now();
    // Assess
    expect(error).toBeUndefined();
    const docs = emfDocuments(lines);
    const [own] = byDimension(docs, 'function', 'realtime');
    expect(own).toMatchObject({ service: SERVICE, function: 'realtime' });
    expect(unitsOf(own as EmfDocument)).toEqual({ Records: 'Count', RuleErrors: 'Count', Lag: 'Seconds' });
    expect([valuesOf(own, 'Records'), valuesOf(own, 'RuleErrors')]).toEqual([[1], [0]]);
    expectLags(valuesOf(own, 'Lag'), [event.detail.eventTime], started, ended);
    const printed = lines.filter((l) => l.startsWith('{"id"')).length;
    expect(printed).toBeGreaterThan(0);
    expect(sumOf(byDimension(docs, 'sink', 'console')[0], 'AlertsSent')).toBe(printed);
  });

  it('counts a rule that throws on the EventBridge event as a rule error, with the EMF the handler writes', async () => {
    // Prepare: the realtime flow with the Lambda metrics adapter and an engine holding a rule that throws
    vi.stubEnv('POWERTOOLS_DEV', 'false');
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', SERVICE);
    vi.resetModules();
    const { emfMetrics } = await import('../../lib/metrics.js');
    const metrics = emfMetrics('realtime');
    const throwing = compileDefinition({
      id: 'throws-on-stop-logging',
      title: 'throws',
      description: 'a rule that fails on every StopLogging record',
      severity: 'high',
      tags: ['attack.defense-evasion'],
      references: [],
      eventSource: 'cloudtrail.amazonaws.com',
      eventNames: ['StopLogging'],
      match: () => {
        throw new Error('rule bug');
      },
    });
    const engine = new RuleEngine([throwing, ...compiledBuiltinRules()], { log: silentLog });
    const sent: unknown[] = [];
    const event = await loadEvent('eventbridge-cloudtrail-stop-logging');
    // Act
    const { lines, result, error } = await captureStdout(() =>
      metrics.flushAfter(() =>
        evaluateEventBridgeRecord(event, {
          engine,
          sink: { send: async (alerts) => void sent.push(...alerts) },
          log: silentLog,
          metrics,
        })
      )
    );
    // Assess: the other rules still alert
    expect(error).toBeUndefined();
    expect(result).toBeGreaterThan(0);
    expect(sent).toHaveLength(result as number);
    const [own] = byDimension(emfDocuments(lines), 'function', 'realtime');
    expect([valuesOf(own, 'Records'), valuesOf(own, 'RuleErrors')]).toEqual([[1], [1]]);
  });

  it.each([
    ['a CloudTrail detail-type with a forged source', 'ForgedEventError'],
    ['an event that is not a CloudTrail event', 'UnknownEventError'],
  ])('counts %s as a bad record and fails the invocation', async (_name, errorName) => {
    // Prepare
    const handler = await loadHandler(realtimeModule, {});
    const event =
      errorName === 'ForgedEventError'
        ? { ...((await loadEvent('eventbridge-cloudtrail-stop-logging')) as object), source: 'my.app' }
        : await loadEvent('eventbridge-object-created');
    // Act
    const { lines, error } = await captureStdout(() =>
      handler(event, { functionName: 'trailwatch-test-realtime' } as Context)
    );
    // Assess
    expect(error).toMatchObject({ name: errorName });
    const [own] = byDimension(emfDocuments(lines), 'function', 'realtime');
    expect(unitsOf(own as EmfDocument)).toEqual({ BadRecords: 'Count' });
    expect(valuesOf(own, 'BadRecords')).toEqual([1]);
  });

  it('counts the records of a CloudWatch Logs batch, the log events that are not records, rule errors and lag', async () => {
    // Prepare: the fixture batch plus one log event that is not a CloudTrail record
    const handler = await loadHandler(logsModule, {});
    const fixture = (await loadEvent('cloudwatch-logs-subscription')) as { awslogs: { data: string } };
    const payload = JSON.parse(gunzipSync(Buffer.from(fixture.awslogs.data, 'base64')).toString('utf8')) as {
      logEvents: Array<{ id: string; timestamp: number; message: string }>;
    };
    const times = payload.logEvents.map((e) => (JSON.parse(e.message) as { eventTime: string }).eventTime);
    payload.logEvents.push({ id: '99', timestamp: 1772356400000, message: 'not a CloudTrail record' });
    const event = { awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') } };
    const started = Date.now();
    // Act
    const { lines, error } = await captureStdout(() =>
      handler(event, { functionName: 'trailwatch-test-logs' } as Context)
    );
    const ended = Date.now();
    // Assess
    expect(error).toBeUndefined();
    const [own] = byDimension(emfDocuments(lines), 'function', 'logs');
    expect(own).toMatchObject({ service: SERVICE, function: 'logs' });
    expect(unitsOf(own as EmfDocument)).toEqual({
      Records: 'Count',
      BadRecords: 'Count',
      RuleErrors: 'Count',
      Lag: 'Seconds',
    });
    expect([valuesOf(own, 'Records'), valuesOf(own, 'BadRecords'), valuesOf(own, 'RuleErrors')]).toEqual([
      [times.length],
      [1],
      [0],
    ]);
    expectLags(valuesOf(own, 'Lag'), [times.sort().at(-1) as string], started, ended);
  });
});

const readSummary = async (s3: LocalS3, key: string): Promise<FileSummary> => {
  const got = await s3.client.send(new GetObjectCommand({ Bucket: RESULTS, Key: key }));
  return JSON.parse((await got.Body?.transformToString()) ?? '') as FileSummary;
};
