import { gzipSync } from 'node:zlib';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3ObjectStore } from '../../lib/aws/s3.js';
import type { Alert, AlertSink } from '../../lib/model/alert.js';
import { silentLog } from '../../lib/model/log.js';
import { noMetrics } from '../../lib/model/metrics.js';
import { ingestEvent } from '../../lib/pipelines/ingest-event.js';
import type { IngestDeps, IngestOutcome } from '../../lib/pipelines/ingest-object.js';
import { objectCreated, s3Put } from '../../tools/sample/envelopes.js';
import { type MotoServer, motoServerPath, startMoto } from '../helpers/moto-server.js';

/*
 * A versioned trail bucket (the one the stack creates is): S3 notifications carry `versionId` and
 * EventBridge's Object Created `version-id`, and ingest reads the version announced. moto_server
 * keeps versions as S3 does (s3rver keeps none).
 */
const motoMissing = motoServerPath() === undefined;
if (motoMissing) process.stderr.write('skipping versioned-bucket ingest tests: moto_server is not on PATH\n');

const TRAIL = 'versioned-trail-bucket';
const RESULTS = 'versioned-results-bucket';
const keyOf = (unique: string) =>
  `AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/111122223333_CloudTrail_us-east-1_20260102T0310Z_${unique}.json.gz`;
const record = {
  eventVersion: '1.09',
  eventTime: '2026-01-02T03:05:00Z',
  eventSource: 'iam.amazonaws.com',
  eventName: 'ListUsers',
  awsRegion: 'us-east-1',
  eventID: '5b3c2f7e-1d1a-4c3e-9a55-0a4f3f1e2b01',
  recipientAccountId: '111122223333',
  userIdentity: { type: 'IAMUser', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/alice' },
  sourceIPAddress: '203.0.113.9',
  userAgent: 'aws-cli/2.15.0',
};

/** An S3 notification, or EventBridge's Object Created, naming one version of `key`. */
const announcing = (via: 's3' | 'eventbridge', key: string, versionId: string): unknown => {
  if (via === 's3') {
    const event = s3Put(key, TRAIL);
    Object.assign(event.Records[0]?.s3.object ?? {}, { versionId });
    return event;
  }
  const event = objectCreated(key, TRAIL);
  Object.assign(event.detail.object, { 'version-id': versionId });
  return event;
};

describe.skipIf(motoMissing)('ingest on a versioned trail bucket (moto_server)', () => {
  let moto: MotoServer;
  let s3: S3Client;
  const sent: Alert[] = [];
  const sink: AlertSink = { send: async (alerts) => void sent.push(...alerts) };
  let deps: IngestDeps;

  const putVersion = async (key: string, records: unknown[]): Promise<string> => {
    const out = await s3.send(
      new PutObjectCommand({ Bucket: TRAIL, Key: key, Body: gzipSync(JSON.stringify({ Records: records })) })
    );
    return out.VersionId ?? '';
  };

  /** The summary ingest wrote at `key` of the results bucket. */
  const storedSummary = async (key: string): Promise<unknown> =>
    JSON.parse((await deps.store.read({ bucket: RESULTS, key })).toString('utf8'));

  beforeAll(async () => {
    moto = await startMoto();
    s3 = new S3Client({
      endpoint: moto.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'moto', secretAccessKey: 'moto' },
    });
    await s3.send(new CreateBucketCommand({ Bucket: TRAIL }));
    await s3.send(new CreateBucketCommand({ Bucket: RESULTS }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: TRAIL, VersioningConfiguration: { Status: 'Enabled' } }));
    deps = {
      store: s3ObjectStore(s3),
      resultsBucket: RESULTS,
      sink,
      log: silentLog,
      metrics: noMetrics,
      now: () => new Date('2026-01-02T04:00:00Z'),
    };
  }, 30_000);
  afterAll(async () => {
    s3?.destroy();
    await moto?.close();
  });

  it('reads the version the notification names, not the one written over it', async () => {
    // Prepare
    const key = keyOf('VERSIONREAD00001');
    const announced = await putVersion(key, [record]);
    await putVersion(key, [record, { ...record, eventID: '5b3c2f7e-1d1a-4c3e-9a55-0a4f3f1e2b02' }]);
    // Act
    const [outcome] = (await ingestEvent(announcing('s3', key, announced), deps)) as IngestOutcome[];
    // Assess
    expect(outcome).toMatchObject({ action: 'summarised', summary: { status: 'ok', records: 1 } });
  });

  it.each(['s3', 'eventbridge'] as const)(
    'records a version deleted before it was read as a missing file with its critical alert (%s)',
    async (via) => {
      // Prepare
      const key = keyOf(via === 's3' ? 'VERSIONGONE00001' : 'VERSIONGONE00002');
      const announced = await putVersion(key, [record]);
      await s3.send(new DeleteObjectCommand({ Bucket: TRAIL, Key: key, VersionId: announced }));
      sent.length = 0;
      // Act
      const [outcome] = (await ingestEvent(announcing(via, key, announced), deps)) as IngestOutcome[];
      // Assess
      expect(outcome).toMatchObject({
        action: 'summarised',
        summary: { status: 'damaged', damage: { reason: 'not-found' }, records: 0 },
      });
      expect(sent).toEqual([
        expect.objectContaining({
          ruleId: 'log-file-damaged',
          severity: 'critical',
          s3Key: key,
          details: { reason: 'not-found', offset: 0, recordsRead: 0, timeSource: 'key-time' },
        }),
      ]);
    }
  );

  it('still reads a version hidden by a delete marker: deleting the key does not hide the file', async () => {
    // Prepare
    const key = keyOf('VERSIONMARK00001');
    const announced = await putVersion(key, [record]);
    await s3.send(new DeleteObjectCommand({ Bucket: TRAIL, Key: key }));
    // Act
    const [outcome] = (await ingestEvent(announcing('s3', key, announced), deps)) as IngestOutcome[];
    // Assess
    expect(outcome).toMatchObject({ action: 'summarised', summary: { status: 'ok', records: 1 } });
  });

  it('keeps the summary of a file read before it was deleted when its notification comes again, and alerts', async () => {
    // Prepare: the file read once, then every version of it deleted (a duplicate delivery after the deletion)
    const key = keyOf('DELETEDAFTER0001');
    const announced = await putVersion(key, [record]);
    const [first] = (await ingestEvent(announcing('s3', key, announced), deps)) as IngestOutcome[];
    await s3.send(new DeleteObjectCommand({ Bucket: TRAIL, Key: key, VersionId: announced }));
    sent.length = 0;
    const warned: string[] = [];
    // Act
    const [again] = (await ingestEvent(announcing('s3', key, announced), {
      ...deps,
      log: { ...silentLog, warn: (message: string) => warned.push(message) },
    })) as IngestOutcome[];
    // Assess: the stored summary is still the one read; the deletion is alerted
    if (first?.action !== 'summarised' || again?.action !== 'summarised') throw new Error('not summarised');
    const stored = (await storedSummary(first.summaryKey)) as { status: string; records: number };
    expect(again.summaryKey).toBe(first.summaryKey);
    expect([stored.status, stored.records]).toEqual(['ok', 1]);
    expect(again.summary).toMatchObject({ status: 'damaged', damage: { reason: 'not-found' } });
    expect(sent.map((a) => [a.ruleId, a.severity, a.details?.reason])).toEqual([
      ['log-file-damaged', 'critical', 'not-found'],
    ]);
    expect(warned).toEqual(['log file missing, its earlier summary kept']);
  });

  it("writes the missing file's summary where the file was never read", async () => {
    // Prepare
    const key = keyOf('NEVERREAD0000001');
    const announced = await putVersion(key, [record]);
    await s3.send(new DeleteObjectCommand({ Bucket: TRAIL, Key: key, VersionId: announced }));
    // Act
    const [outcome] = (await ingestEvent(announcing('s3', key, announced), deps)) as IngestOutcome[];
    // Assess
    if (outcome?.action !== 'summarised') throw new Error('not summarised');
    const stored = (await storedSummary(outcome.summaryKey)) as { status: string; damage?: { reason: string } };
    expect([stored.status, stored.damage?.reason]).toEqual(['damaged', 'not-found']);
  });
});
