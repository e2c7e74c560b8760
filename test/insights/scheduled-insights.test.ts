import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertSink } from '../../lib/model/alert.js';
import { putJson } from '../../lib/aws/s3.js';
import { parseCloudTrailKey } from '../../lib/cloudtrail/parse-key.js';
import { addHours } from '../../lib/cost/hours.js';
import { loadCostSettings } from '../../lib/config/cost.js';
import { s3RollupStore } from '../../lib/aws/rollup-store.js';
import { type RollupDeps, runRollup } from '../../lib/pipelines/rollup.js';
import { DEFAULT_DETECTOR_CONFIG, stateKey } from '../../lib/insights/constants.js';
import type { AccountState } from '../../lib/insights/types.js';
import { summaryKey } from '../../lib/pipelines/ingest-object.js';
import type { FileSummary } from '../../lib/model/summary.js';
import { silentLog } from '../../lib/model/log.js';
import { logFileKey } from '../../tools/sample/generate-trail.js';
import { type LocalS3, startLocalS3 } from '../helpers/s3rver.js';
import { readText } from '../cost/summaries.js';

const RESULTS = 'results';
const ACCOUNT = '111122223333';
const START = '2026-02-01T00';
const SPIKE = [30, 31];
const config = { ...DEFAULT_DETECTOR_CONFIG, minHistoryHours: 24 };

/** The summary ingest would write for one log file delivered at `hour`:05 holding that hour's events. */
const summaryOf = (h: number, calls: number, name = 'a'): { key: string; summary: FileSummary } => {
  const hour = addHours(START, h);
  const logKey = logFileKey(ACCOUNT, 'us-east-1', new Date(`${hour}:05:00Z`), `generated${name}${h}`);
  const summary: FileSummary = {
    schemaVersion: 1,
    bucket: 'trail-bucket',
    key: logKey,
    kind: 'log',
    accountId: ACCOUNT,
    region: 'us-east-1',
    deliveredAt: `${hour}:05:00Z`,
    status: 'ok',
    bytes: { compressed: 1000, uncompressed: 9000 },
    records: calls + 100,
    badRecords: 0,
    recordErrors: [],
    counts: [
      {
        hour,
        eventCategory: 'Management',
        eventSource: 'ec2.amazonaws.com',
        eventName: 'RunInstances',
        readOnly: false,
        count: calls,
      },
      {
        hour,
        eventCategory: 'Management',
        eventSource: 'ec2.amazonaws.com',
        eventName: 'DescribeInstances',
        readOnly: true,
        count: 100,
      },
    ],
    errors: [],
    alerts: [],
    detection: {},
    processedAt: '2026-02-03T00:00:00.000Z',
  };
  return {
    key: summaryKey(parseCloudTrailKey(logKey) as NonNullable<ReturnType<typeof parseCloudTrailKey>>, logKey),
    summary,
  };
};

describe('scheduled hourly runs raise Insights across runs on a real S3 protocol server', () => {
  let s3: LocalS3;
  const sent: Alert[] = [];
  let failing = false;
  const attempted: string[] = [];
  const sink: AlertSink = {
    send: async (alerts) => {
      attempted.push(...alerts.map((a) => a.id));
      if (failing) throw new Error('sink down');
      sent.push(...alerts);
    },
  };
  let deps: RollupDeps;

  beforeAll(async () => {
    s3 = await startLocalS3();
    await s3.createBucket(RESULTS);
    deps = {
      store: s3RollupStore(s3.client, RESULTS),
      sink,
      log: silentLog,
      settings: loadCostSettings({}),
      detector: config,
    };
    for (let h = 0; h < 36; h++) {
      const { key, summary } = summaryOf(h, SPIKE.includes(h) ? 900 : 30 + (h % 5));
      await putJson(s3.client, RESULTS, key, summary);
    }
  });
  afterAll(async () => s3.close());

  const hourly = (h: number) => runRollup({ mode: 'hourly', hour: addHours(START, h) }, deps);

  it('sends a Start, keeps the insight open in the bucket, and sends the End when calls return', async () => {
    // Act: the runs up to the first spike hour's evaluation (event hour 30 is evaluated at 31)
    for (let h = 0; h <= 31; h++) await hourly(h);
    const open = JSON.parse((await readText(s3, RESULTS, stateKey(ACCOUNT))) ?? '{}') as AccountState;
    for (let h = 32; h <= 33; h++) await hourly(h);
    // Assess
    expect(
      sent.map((a) => [
        a.category,
        a.ruleId,
        (a.details?.insightDetails as { state: string } | undefined)?.state,
        a.firstSeen,
      ])
    ).toEqual([
      ['insight', 'api-call-rate-insight', 'Start', `${addHours(START, 30)}:00:00Z`],
      ['insight', 'api-call-rate-insight', 'End', `${addHours(START, 30)}:00:00Z`],
    ]);
    expect(Object.values(open.open)).toEqual([
      expect.objectContaining({ eventName: 'RunInstances', startHour: addHours(START, 30) }),
    ]);
    expect(sent[0]?.details?.sharedEventID).toBe(sent[1]?.details?.sharedEventID);
    expect(
      (sent[1]?.details?.insightDetails as { insightContext: { statistics: { insightDuration: number } } } | undefined)
        ?.insightContext.statistics.insightDuration
    ).toBe(120);
  });

  it('sends nothing and changes no state when an hour is run again', async () => {
    const before = await readText(s3, RESULTS, stateKey(ACCOUNT));
    const count = sent.length;
    const result = await hourly(33);
    expect(sent).toHaveLength(count);
    expect(await readText(s3, RESULTS, stateKey(ACCOUNT))).toBe(before);
    expect(result).toMatchObject({ mode: 'hourly', insights: { evaluatedHours: 0, started: 0 } });
  });

  it('re-sends the same alert id after a failed delivery, having kept the state unchanged', async () => {
    // Prepare: a second spike two hours later, and a sink that is down for the first try
    await putJson(s3.client, RESULTS, summaryOf(34, 2000, 'b').key, summaryOf(34, 2000, 'b').summary);
    await hourly(34);
    const before = await readText(s3, RESULTS, stateKey(ACCOUNT));
    failing = true;
    // Act
    await expect(hourly(35)).rejects.toThrow('sink down');
    const failed = attempted.at(-1);
    const unchanged = await readText(s3, RESULTS, stateKey(ACCOUNT));
    failing = false;
    await hourly(35);
    await hourly(35);
    // Assess
    expect(unchanged).toBe(before);
    const starts = sent.filter((a) => (a.details?.insightDetails as { state: string } | undefined)?.state === 'Start');
    expect(starts.map((a) => a.firstSeen)).toEqual([`${addHours(START, 30)}:00:00Z`, `${addHours(START, 34)}:00:00Z`]);
    expect(starts.at(-1)?.id).toBe(failed);
    expect(new Set(sent.map((a) => a.id)).size).toBe(sent.length);
  });
});
