import { gzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { processLogStream } from '../../lib/ingest/process-log.js';
import { silentLog } from '../../lib/model/log.js';

const INSIGHT_KEY =
  'AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2026/01/02/111122223333_CloudTrail-Insight_us-east-1_20260102T0516Z_KL5e9VCV2SS7IqzB.json.gz';
const ref = (key = INSIGHT_KEY) => ({ bucket: 'b', key });
const file = (records: unknown[]) => Readable.from([gzipSync(JSON.stringify({ Records: records }))]);

describe('processLogStream summaries', () => {
  it('counts Insights records under the source and name in insightDetails', async () => {
    const insight = {
      eventVersion: '1.08',
      eventTime: '2026-01-02T05:05:00Z',
      awsRegion: 'us-east-1',
      eventID: '00000000-0000-4000-8000-0000000000a1',
      eventType: 'AwsCloudTrailInsight',
      recipientAccountId: '111122223333',
      sharedEventID: '00000000-0000-4000-8000-0000000000b2',
      eventCategory: 'Insight',
      insightDetails: {
        state: 'Start',
        eventSource: 'ec2.amazonaws.com',
        eventName: 'RunInstances',
        insightType: 'ApiCallRateInsight',
      },
    };
    const summary = await processLogStream(
      file([insight, { ...insight, insightDetails: { ...insight.insightDetails, state: 'End' } }]),
      ref(),
      { log: silentLog }
    );
    expect(summary).toMatchObject({ kind: 'insight', status: 'ok', records: 2, recordErrors: [] });
    expect(summary.counts).toEqual([
      {
        hour: '2026-01-02T05',
        eventCategory: 'Insight',
        eventSource: 'ec2.amazonaws.com',
        eventName: 'RunInstances',
        readOnly: null,
        count: 2,
      },
    ]);
  });

  it('counts a record that lacks required fields under (missing) and lists it', async () => {
    const summary = await processLogStream(file([{ eventVersion: '1.05', eventSource: 'iam.amazonaws.com' }]), ref(), {
      log: silentLog,
    });
    expect(summary.records).toBe(1);
    expect(summary.badRecords).toBe(0);
    expect(summary.counts).toEqual([
      {
        hour: 'unknown',
        eventCategory: 'Management',
        eventSource: 'iam.amazonaws.com',
        eventName: '(missing)',
        readOnly: null,
        count: 1,
      },
    ]);
    expect(summary.recordErrors).toEqual([
      { index: 0, offset: 12, reason: 'missing-field', message: 'record 0 has no eventTime, eventName' },
    ]);
  });

  it('accepts aggregated data-event records without eventName as documented', async () => {
    const aggregated = {
      eventVersion: '1.0',
      accountId: '111122223333',
      eventId: 'x',
      eventCategory: 'Aggregated',
      eventType: 'AwsAggregatedEvent',
      awsRegion: 'us-east-1',
      eventSource: 's3.amazonaws.com',
      timeWindow: { windowStart: '2026-01-02T05:00:00Z' },
    };
    const summary = await processLogStream(file([aggregated]), ref(), { log: silentLog });
    expect(summary.recordErrors).toEqual([]);
    expect(summary.counts[0]).toMatchObject({ eventCategory: 'Aggregated', eventSource: 's3.amazonaws.com', count: 1 });
  });

  it('counts a record that a rule cannot parse as bad and keeps going', async () => {
    const body = Readable.from([
      gzipSync(
        '{"Records":[{"eventName":"A","eventTime":"2026-01-02T05:00:00Z","eventSource":"s","x":{"y":}},{"eventName":"B","eventTime":"2026-01-02T05:00:00Z","eventSource":"s"}]}'
      ),
    ]);
    const seen: string[] = [];
    const summary = await processLogStream(body, ref(), {
      log: silentLog,
      detector: () => ({
        onRecord: (v) => void seen.push(String(v.record().eventName)),
        finish: () => [],
        stats: () => ({}),
      }),
    });
    expect(seen).toEqual(['B']);
    expect(summary).toMatchObject({
      records: 2,
      badRecords: 1,
      recordErrors: [expect.objectContaining({ index: 0, reason: 'invalid-json' })],
    });
  });

  it('uses eventCategory when present and managementEvent=false as Data for older records', async () => {
    const summary = await processLogStream(
      file([
        {
          eventTime: '2026-01-02T05:00:00Z',
          eventSource: 's3.amazonaws.com',
          eventName: 'GetObject',
          managementEvent: false,
          readOnly: true,
        },
        {
          eventTime: '2026-01-02T06:00:00Z',
          eventSource: 'iam.amazonaws.com',
          eventName: 'ListUsers',
          readOnly: true,
          errorCode: 'AccessDenied',
        },
      ]),
      ref(
        'AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/111122223333_CloudTrail_us-east-1_20260102T0610Z_abc.json.gz'
      ),
      { log: silentLog }
    );
    expect(summary.counts.map((c) => `${c.hour} ${c.eventCategory} ${c.eventName}`).sort()).toEqual([
      '2026-01-02T05 Data GetObject',
      '2026-01-02T06 Management ListUsers',
    ]);
    expect(summary.errors).toEqual([
      {
        hour: '2026-01-02T06',
        eventSource: 'iam.amazonaws.com',
        eventName: 'ListUsers',
        errorCode: 'AccessDenied',
        count: 1,
      },
    ]);
    expect(summary).toMatchObject({
      firstEventTime: '2026-01-02T05:00:00Z',
      lastEventTime: '2026-01-02T06:00:00Z',
      deliveredAt: '2026-01-02T06:10:00Z',
      kind: 'log',
    });
  });

  it('leaves counts and errors out with counts false, and keeps totals, times and record errors', async () => {
    const records = [
      { eventTime: '2026-01-02T06:00:00Z', eventSource: 'iam.amazonaws.com', eventName: 'A', errorCode: 'Denied' },
      { eventTime: '2026-01-02T05:00:00Z', eventSource: 'iam.amazonaws.com' },
    ];
    const lean = await processLogStream(file(records), ref(), { log: silentLog, counts: false });
    const full = await processLogStream(file(records), ref(), { log: silentLog });
    expect(full.counts).toHaveLength(2);
    expect(full.errors).toHaveLength(1);
    expect(lean).toEqual({ ...full, counts: [], errors: [], processedAt: lean.processedAt });
    expect(lean).toMatchObject({
      records: 2,
      firstEventTime: '2026-01-02T05:00:00Z',
      lastEventTime: '2026-01-02T06:00:00Z',
      recordErrors: [expect.objectContaining({ index: 1, reason: 'missing-field' })],
    });
  });
});
