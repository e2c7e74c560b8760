import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Alert, AlertSink } from '../../lib/model/alert.js';
import { s3ObjectStore } from '../../lib/aws/s3.js';
import { listKeys } from '../../lib/aws/s3.js';
import { memoryIncidentStore } from '../../lib/incidents/memory-store.js';
import { ingestEvent } from '../../lib/pipelines/ingest-event.js';
import type { IngestDeps, IngestOutcome } from '../../lib/pipelines/ingest-object.js';
import type { FileSummary } from '../../lib/model/summary.js';
import { silentLog } from '../../lib/model/log.js';
import { noMetrics } from '../../lib/model/metrics.js';
import { cloudTrailNotification, s3Put, SAMPLE_BUCKET } from '../../tools/sample/envelopes.js';
import { encodeLogFile } from '../../tools/sample/generate-trail.js';
import { EVENTS, loadEvent } from '../helpers/events.js';
import { someRecords } from '../helpers/log-files.js';
import { loadSampleBucket } from '../helpers/sample-bucket.js';
import { type LocalS3, startLocalS3 } from '../helpers/s3rver.js';

const RESULTS = 'results-bucket';
const context = { awsRequestId: 'test-request', functionName: 'ingest' } as Context;

describe('ingest against a real S3 protocol server', () => {
  let s3: LocalS3;
  let keys: string[];
  const sent: Alert[] = [];
  const sink: AlertSink = { send: async (alerts) => void sent.push(...alerts) };
  let deps: IngestDeps;

  beforeAll(async () => {
    s3 = await startLocalS3();
    keys = await loadSampleBucket(s3, RESULTS);
    deps = {
      store: s3ObjectStore(s3.client),
      resultsBucket: RESULTS,
      sink,
      log: silentLog,
      metrics: noMetrics,
      now: () => new Date('2026-01-02T04:00:00Z'),
    };
  });
  afterAll(async () => s3.close());

  const readSummary = async (key: string): Promise<FileSummary> => {
    const got = await s3.client.send(new GetObjectCommand({ Bucket: RESULTS, Key: key }));
    return JSON.parse((await got.Body?.transformToString()) ?? '');
  };

  it.each(['s3-put-log', 'sns-s3-put-log', 'eventbridge-object-created'])(
    'writes the summary of the file %s announces',
    async (name) => {
      // Act
      const outcomes = (await ingestEvent(await loadEvent(name), deps, context)) as IngestOutcome[];
      // Assess
      expect(outcomes).toHaveLength(1);
      const outcome = outcomes[0] as Extract<IngestOutcome, { action: 'summarised' }>;
      expect(outcome.summaryKey).toMatch(
        /^summaries\/2026\/01\/02\/03\/111122223333\/us-east-1\/111122223333_CloudTrail_us-east-1_20260102T0310Z_\w+\.json$/
      );
      const stored = await readSummary(outcome.summaryKey);
      expect(stored).toEqual(outcome.summary);
      expect(stored).toMatchObject({
        status: 'ok',
        records: 40,
        accountId: '111122223333',
        region: 'us-east-1',
        kind: 'log',
        bucket: SAMPLE_BUCKET,
      });
      expect(stored.counts.reduce((n, c) => n + c.count, 0)).toBe(40);
    }
  );

  it('summarises every file of CloudTrail’s SNS notification, with counts equal to an independent count', async () => {
    const outcomes = (await ingestEvent(
      await loadEvent('sns-cloudtrail-notification'),
      deps,
      context
    )) as IngestOutcome[];
    expect(outcomes.map((o) => o.action)).toEqual(keys.map(() => 'summarised'));
    for (const [i, key] of keys.entries()) {
      const summary = (outcomes[i] as Extract<IngestOutcome, { action: 'summarised' }>).summary;
      const { gunzipSync } = await import('node:zlib');
      const { Records } = JSON.parse(
        gunzipSync(await readFile(join(EVENTS, 'objects', SAMPLE_BUCKET, key))).toString()
      );
      const expected = new Map<string, number>();
      for (const r of Records) {
        const k = `${r.eventSource} ${r.eventName} ${r.readOnly}`;
        expected.set(k, (expected.get(k) ?? 0) + 1);
      }
      const actual = new Map<string, number>();
      for (const c of summary.counts)
        actual.set(
          `${c.eventSource} ${c.eventName} ${c.readOnly}`,
          (actual.get(`${c.eventSource} ${c.eventName} ${c.readOnly}`) ?? 0) + c.count
        );
      expect(actual).toEqual(expected);
      expect(summary.errors.reduce((n, e) => n + e.count, 0)).toBe(
        Records.filter((r: { errorCode?: string }) => r.errorCode).length
      );
    }
  });

  it('records a truncated file as damaged, keeps the records before the damage, and does not throw', async () => {
    const records = someRecords(200);
    const gz = encodeLogFile(records);
    const key =
      'AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/111122223333_CloudTrail_us-east-1_20260102T0400Z_TRUNCATED0000001.json.gz';
    await s3.client.send(
      new PutObjectCommand({ Bucket: SAMPLE_BUCKET, Key: key, Body: gz.subarray(0, gz.length >> 1) })
    );
    const [outcome] = (await ingestEvent(s3Put(key), deps, context)) as IngestOutcome[];
    const summary = (await readSummary((outcome as { summaryKey: string }).summaryKey)) as FileSummary;
    expect(summary.status).toBe('damaged');
    expect(summary.damage).toMatchObject({ reason: 'truncated-gzip' });
    expect(summary.damage?.message).toContain(`s3://${SAMPLE_BUCKET}/${key}`);
    expect(summary.records).toBeGreaterThan(50);
    expect(summary.records).toBeLessThan(200);
  });

  it('sends exactly one integrity alert for a truncated gzip, with the same id when the file is processed again', async () => {
    // Prepare
    const records = someRecords(200);
    const gz = encodeLogFile(records);
    const key =
      'AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/111122223333_CloudTrail_us-east-1_20260102T0400Z_TRUNCATED0000002.json.gz';
    await s3.client.send(
      new PutObjectCommand({ Bucket: SAMPLE_BUCKET, Key: key, Body: gz.subarray(0, gz.length >> 1) })
    );
    sent.length = 0;
    // Act
    const [first] = (await ingestEvent(s3Put(key), deps, context)) as Array<
      Extract<IngestOutcome, { action: 'summarised' }>
    >;
    const firstSent = [...sent];
    // Again an hour later: the alert, its times included, is a fact of the file, not of the clock.
    await ingestEvent(s3Put(key), { ...deps, now: () => new Date('2026-01-02T05:00:00Z') }, context);
    // Assess
    const damage = first?.summary.damage as NonNullable<FileSummary['damage']>;
    const id = createHash('sha256')
      .update(`integrity\nlog-file-damaged\n${SAMPLE_BUCKET}/${key}\ntruncated-gzip@${damage.offset}`)
      .digest('hex')
      .slice(0, 32);
    expect(firstSent).toEqual([
      expect.objectContaining({
        id,
        category: 'integrity',
        ruleId: 'log-file-damaged',
        severity: 'critical',
        bucket: SAMPLE_BUCKET,
        s3Key: key,
        account: '111122223333',
        region: 'us-east-1',
        firstSeen: first?.summary.lastEventTime,
        lastSeen: first?.summary.lastEventTime,
        details: {
          reason: 'truncated-gzip',
          offset: damage.offset,
          recordsRead: first?.summary.records,
          timeSource: 'event-time',
        },
      }),
    ]);
    expect(first?.summary.lastEventTime).toBe(
      records
        .slice(0, first?.summary.records)
        .map((r) => r.eventTime)
        .sort()
        .at(-1)
    );
    expect(first?.summary.alerts).toEqual(firstSent);
    expect(sent.slice(1)).toEqual(firstSent);
  });

  it('opens the same damaged-file incident, within the logs’ time, whenever the file is ingested', async () => {
    // Prepare
    const gz = encodeLogFile(someRecords(200));
    const key =
      'AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/111122223333_CloudTrail_us-east-1_20260102T0400Z_TRUNCATED0000003.json.gz';
    await s3.client.send(
      new PutObjectCommand({ Bucket: SAMPLE_BUCKET, Key: key, Body: gz.subarray(0, gz.length >> 1) })
    );
    const ingestAt = async (iso: string) => {
      const clock = () => new Date(iso);
      const incidents = memoryIncidentStore(undefined, clock);
      sent.length = 0;
      const [outcome] = (await ingestEvent(s3Put(key), { ...deps, now: clock, incidents }, context)) as Array<
        Extract<IngestOutcome, { action: 'summarised' }>
      >;
      return { summary: outcome?.summary, notifications: [...sent], state: incidents.state() };
    };
    // Act: into a fresh incident store each time, as a retry after the store lost it would
    const first = await ingestAt('2026-01-02T04:00:00Z');
    const second = await ingestAt('2026-01-02T06:30:00Z');
    // Assess
    const lastEventTime = first.summary?.lastEventTime;
    expect(first.notifications).toEqual([
      expect.objectContaining({ ruleId: 'log-file-damaged', lifecycle: 'opened', firstSeen: lastEventTime }),
    ]);
    expect(second.notifications).toEqual(first.notifications);
    const [incident] = Object.values(first.state.incidents);
    expect(incident).toMatchObject({ firstSeen: lastEventTime, lastSeen: lastEventTime });
    expect(incident?.incidentId).toBe(first.notifications[0]?.incidentId);
    expect(Object.values(second.state.incidents).map((i) => i.incidentId)).toEqual([incident?.incidentId]);
  });

  it('sends a critical integrity alert for a missing object, seen at the delivery time in its key', async () => {
    // Prepare
    const key =
      'AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/111122223333_CloudTrail_us-east-1_20260102T0402Z_DELETED000000002.json.gz';
    sent.length = 0;
    // Act
    await ingestEvent(s3Put(key), deps, context);
    // Assess
    expect(sent).toEqual([
      expect.objectContaining({
        category: 'integrity',
        ruleId: 'log-file-damaged',
        severity: 'critical',
        s3Key: key,
        firstSeen: '2026-01-02T04:02:00Z',
        lastSeen: '2026-01-02T04:02:00Z',
        details: { reason: 'not-found', offset: 0, recordsRead: 0, timeSource: 'key-time' },
      }),
    ]);
  });

  it.each([
    ['a zero-byte object', Buffer.alloc(0), 'empty'],
    ['plain text', Buffer.from('this is not a log'), 'not-cloudtrail'],
  ])('records %s as damaged', async (_name, body, reason) => {
    const key = `AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/111122223333_CloudTrail_us-east-1_20260102T0401Z_${reason.replace('-', '')}00000.json.gz`;
    await s3.client.send(new PutObjectCommand({ Bucket: SAMPLE_BUCKET, Key: key, Body: body }));
    const [outcome] = (await ingestEvent(s3Put(key), deps, context)) as IngestOutcome[];
    expect(outcome).toMatchObject({
      action: 'summarised',
      summary: { status: 'damaged', damage: { reason }, records: 0 },
    });
  });

  it('records a missing object as damaged (not-found) instead of retrying forever', async () => {
    const key =
      'AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/111122223333_CloudTrail_us-east-1_20260102T0402Z_DELETED000000001.json.gz';
    const [outcome] = (await ingestEvent(s3Put(key), deps, context)) as IngestOutcome[];
    expect(outcome).toMatchObject({
      action: 'summarised',
      summary: { status: 'damaged', damage: { reason: 'not-found' } },
    });
  });

  it('leaves digest files to the verifier and skips other objects, writing no summary', async () => {
    const digest =
      'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/01/02/111122223333_CloudTrail-Digest_us-east-1_main_us-east-1_20260102T040000Z.json.gz';
    const before = await countSummaries();
    const outcomes = (await ingestEvent(
      cloudTrailNotification([digest, 'AWSLogs/111122223333/other/file.txt']),
      deps,
      context
    )) as IngestOutcome[];
    expect(outcomes.map((o) => o.action)).toEqual(['routed-to-verifier', 'skipped']);
    expect(await countSummaries()).toBe(before);
  });

  it('reports only the bad message of an SQS batch as a failure', async () => {
    const good = (await loadEvent('sqs-s3-put-log')) as SQSEvent;
    const record = good.Records[0] as SQSEvent['Records'][number];
    const event: SQSEvent = {
      Records: [record, { ...record, messageId: 'bad-message', body: '{"not":"an s3 event"}' }],
    };
    const response = await ingestEvent(event, deps, context);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad-message' }] });
  });

  it('logs why each failed message of an SQS batch failed, naming the message and the object', async () => {
    // Prepare
    const base = ((await loadEvent('sqs-s3-put-log')) as SQSEvent).Records[0] as SQSEvent['Records'][number];
    const gone =
      'AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/111122223333_CloudTrail_us-east-1_20260102T0310Z_NOSUCHBUCKET0001.json.gz';
    const event: SQSEvent = {
      Records: [
        base,
        { ...base, messageId: 'no-such-bucket', body: JSON.stringify(s3Put(gone, 'no-such-trail-bucket')) },
        { ...base, messageId: 'not-an-announcement', body: '{"not":"an s3 event"}' },
      ],
    };
    const errors: Array<[string, unknown]> = [];
    const log = { ...silentLog, error: (message: string, extra?: unknown) => void errors.push([message, extra]) };
    // Act
    const response = await ingestEvent(event, { ...deps, log }, context);
    // Assess (the batch processor runs the messages concurrently, so in no set order)
    expect(response).toEqual({
      batchItemFailures: expect.arrayContaining([
        { itemIdentifier: 'no-such-bucket' },
        { itemIdentifier: 'not-an-announcement' },
      ]),
    });
    expect((response as { batchItemFailures: unknown[] }).batchItemFailures).toHaveLength(2);
    errors.sort(([a], [b]) => a.localeCompare(b));
    expect(errors).toEqual([
      [
        'object failed',
        {
          messageId: 'no-such-bucket',
          bucket: 'no-such-trail-bucket',
          key: gone,
          error: expect.stringContaining('bucket does not exist'),
        },
      ],
      [
        'sqs message not understood',
        { messageId: 'not-an-announcement', error: expect.stringContaining('unknown trigger') },
      ],
    ]);
  });

  it.each([
    [
      'an AWS Config history file',
      'debug',
      'AWSLogs/111122223333/Config/us-east-1/2026/1/2/ConfigHistory/111122223333_Config_us-east-1_ConfigHistory_AWS::EC2::Instance_20260102T031000Z_20260102T031000Z_1.json.gz',
    ],
    ['an AWS Config writability check', 'debug', 'AWSLogs/111122223333/Config/ConfigWritabilityCheckFile'],
    ['a console folder object', 'debug', 'AWSLogs/111122223333/CloudTrail/'],
    [
      'a file CloudTrail never names so, in its folder',
      'warn',
      'AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/notes.json.gz',
    ],
    [
      'the same in an organization trail’s folder',
      'warn',
      'AWSLogs/o-aa111bb222/111122223333/CloudTrail-Digest/us-east-1/2026/01/02/x.json.gz',
    ],
  ])('skips %s, logged at %s', async (_name, level, key) => {
    // Prepare
    const lines: Array<[string, string]> = [];
    const log = {
      debug: (message: string) => void lines.push(['debug', message]),
      info: (message: string) => void lines.push(['info', message]),
      warn: (message: string) => void lines.push(['warn', message]),
      error: (message: string) => void lines.push(['error', message]),
    };
    // Act
    const outcomes = (await ingestEvent(s3Put(key), { ...deps, log }, context)) as IngestOutcome[];
    // Assess
    expect(outcomes).toEqual([{ action: 'skipped', reason: 'not a CloudTrail log, Insights or digest key' }]);
    expect(lines).toEqual([[level, 'object skipped: not a CloudTrail file']]);
  });

  it('hands the detector’s alerts to the sink and attaches them to the summary', async () => {
    sent.length = 0;
    const alertingDeps: IngestDeps = {
      ...deps,
      detector: () => {
        let n = 0;
        return {
          onRecord: (view) => void (view.head.eventName === 'StopLogging' && n++),
          finish: () =>
            n
              ? [
                  {
                    id: 'a1',
                    category: 'detection',
                    ruleId: 'r',
                    title: 't',
                    severity: 'high',
                    tags: [],
                    count: n,
                    firstSeen: '',
                    lastSeen: '',
                    eventIds: [],
                  },
                ]
              : [],
          stats: () => ({ matched: n }),
        };
      },
    };
    const [outcome] = (await ingestEvent(await loadEvent('s3-put-log'), alertingDeps, context)) as Array<
      Extract<IngestOutcome, { action: 'summarised' }>
    >;
    expect(outcome?.summary.alerts).toEqual([
      expect.objectContaining({ id: 'a1', count: 1, s3Key: keys[0], bucket: SAMPLE_BUCKET }),
    ]);
    expect(outcome?.summary.detection).toEqual({ matched: 1 });
    expect(sent).toEqual(outcome?.summary.alerts);
  });

  it('fails the invocation when an alert cannot be delivered, so Lambda retries', async () => {
    const failing: IngestDeps = {
      ...deps,
      sink: { send: async () => Promise.reject(new Error('sns throttled')) },
      detector: () => ({
        onRecord: () => {},
        finish: () => [
          {
            id: 'x',
            category: 'detection',
            ruleId: 'r',
            title: 't',
            severity: 'low',
            tags: [],
            count: 1,
            firstSeen: '',
            lastSeen: '',
            eventIds: [],
          },
        ],
        stats: () => ({}),
      }),
    };
    await expect(ingestEvent(await loadEvent('s3-put-log'), failing, context)).rejects.toMatchObject({
      name: 'ObjectsFailedError',
      failedKeys: [keys[0]],
    });
  });

  it('fails the invocation on transient S3 errors (endpoint unreachable)', async () => {
    const down = new S3Client({
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      forcePathStyle: true,
      maxAttempts: 1,
    });
    await expect(
      ingestEvent(await loadEvent('s3-put-log'), { ...deps, store: s3ObjectStore(down) }, context)
    ).rejects.toMatchObject({
      name: 'ObjectsFailedError',
      cause: expect.objectContaining({ name: 'TransientError' }),
    });
  });

  it('runs through the deployed handler module with its environment', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_S3', s3.endpoint);
    vi.stubEnv('RESULTS_BUCKET', RESULTS);
    vi.resetModules();
    const { handler } = await import('../../functions/ingest.js');
    const result = await handler(await loadEvent('eventbridge-object-created'), context);
    expect(result).toEqual([
      expect.objectContaining({ action: 'summarised', key: keys[0], status: 'ok', records: 40 }),
    ]);
    vi.unstubAllEnvs();
  });

  const countSummaries = async () => {
    let n = 0;
    for await (const _ of listKeys(s3.client, RESULTS, 'summaries/')) n++;
    return n;
  };
});
