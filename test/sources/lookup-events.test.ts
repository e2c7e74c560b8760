import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lookupEventsPage } from '../../lib/aws/lookup-events.js';
import { lookupEventsClient } from '../../lib/aws/cloudtrail-clients.js';
import { viewOf } from '../../lib/cloudtrail/record-view.js';
import type { CloudTrailRecord } from '../../lib/model/record.js';
import {
  fileCheckpointStore,
  type LookupProgress,
  type ReadLookupEventsOptions,
  readLookupEvents,
} from '../../lib/sources/lookup-events.js';
import type { Clock } from '../../lib/sources/rate-limiter.js';
import {
  type LookupEventsServer,
  sampleRecords,
  type ServerScript,
  startLookupEventsServer,
} from './lookup-events-server.js';

/** A clock whose sleeps return at once and are remembered (time moves by what was slept). */
const fakeClock = () => {
  let now = Date.parse('2026-03-02T00:00:00Z');
  const slept: number[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
  return { clock, slept };
};

const collect = async (
  reading: AsyncIterable<CloudTrailRecord>,
  limit = Number.POSITIVE_INFINITY
): Promise<CloudTrailRecord[]> => {
  const out: CloudTrailRecord[] = [];
  for await (const record of reading) {
    out.push(record);
    if (out.length >= limit) break;
  }
  return out;
};

describe('readLookupEvents against a local LookupEvents endpoint', () => {
  let server: LookupEventsServer | undefined;
  let dir: string;
  const start = async (script: ServerScript) => {
    server = await startLookupEventsServer(script);
    return server;
  };
  const options = (s: LookupEventsServer, extra: Partial<ReadLookupEventsOptions> = {}): ReadLookupEventsOptions => ({
    fetchPage: lookupEventsPage(lookupEventsClient('us-east-1', { AWS_ENDPOINT_URL: s.endpoint })),
    region: 'us-east-1',
    ...extra,
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trailwatch-lookup-'));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('follows NextToken through every page and yields the records inside CloudTrailEvent', async () => {
    // Prepare
    const records = sampleRecords(120);
    const s = await start({ records });
    const progress: LookupProgress[] = [];
    const { clock } = fakeClock();
    // Act
    const read = await collect(
      readLookupEvents(
        options(s, {
          clock,
          startTime: new Date('2026-02-28T00:00:00Z'),
          endTime: new Date('2026-03-02T00:00:00Z'),
          onProgress: (p) => progress.push(p),
        })
      )
    );
    // Assess
    expect(read).toEqual(records);
    expect(s.requests.map((r) => r.body.MaxResults)).toEqual([50, 50, 50]);
    expect(s.requests[0]?.body).toMatchObject({ StartTime: Date.parse('2026-02-28T00:00:00Z') / 1000 });
    expect(s.requests[1]?.body.NextToken).toEqual(expect.any(String));
    expect(progress.map((p) => [p.pages, p.events])).toEqual([
      [1, 50],
      [2, 100],
      [3, 120],
    ]);
    expect(progress[2]?.oldestEventTime).toBe(records[119]?.eventTime);
    expect(viewOf(read[1] as CloudTrailRecord).head).toMatchObject({
      eventName: 'CreateAccessKey',
      eventID: records[1]?.eventID,
    });
  });

  it('keeps to 2 requests per second per account and region', async () => {
    // Prepare
    const s = await start({ records: sampleRecords(150) });
    // Act
    await collect(readLookupEvents(options(s)));
    // Assess
    const gaps = s.requests.slice(1).map((r, i) => r.at - (s.requests[i]?.at ?? 0));
    expect(gaps).toHaveLength(2);
    // The pacer spaces sends 500 ms apart; the server stamps receipt, which a loaded machine delays
    // unevenly (one receipt 101 ms late made the next gap 399 ms at load 8). Without pacing the gaps
    // are a few milliseconds: each gap well above that, and the three requests about a second apart.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(300);
    expect((gaps[0] ?? 0) + (gaps[1] ?? 0)).toBeGreaterThanOrEqual(800);
  });

  it('backs off on ThrottlingException and then reads on', async () => {
    // Prepare: the 2nd and 3rd requests (both for page 2) are throttled
    const s = await start({
      records: sampleRecords(80),
      failRequest: (n) => (n === 1 || n === 2 ? 'ThrottlingException' : undefined),
    });
    const { clock, slept } = fakeClock();
    const progress: LookupProgress[] = [];
    // Act
    const read = await collect(
      readLookupEvents(options(s, { clock, random: () => 0.5, onProgress: (p) => progress.push(p) }))
    );
    // Assess
    expect(read).toHaveLength(80);
    expect(s.requests.map((r) => r.answer)).toEqual(['page', 'ThrottlingException', 'ThrottlingException', 'page']);
    // Backoff of 750 ms then 1,500 ms (half the ceiling plus half of the jitter), besides the 500 ms pacing.
    expect(slept.filter((ms) => ms !== 500)).toEqual([750, 1500]);
    expect(progress.at(-1)?.throttled).toBe(2);
  });

  it('gives up with LookupEventsThrottledError when throttling outlasts the retries', async () => {
    // Prepare
    const s = await start({ records: sampleRecords(10), failRequest: () => 'ThrottlingException' });
    const { clock } = fakeClock();
    // Act
    const reading = collect(readLookupEvents(options(s, { clock, maxThrottleRetries: 3 })));
    // Assess
    await expect(reading).rejects.toMatchObject({
      name: 'LookupEventsThrottledError',
      region: 'us-east-1',
      attempts: 3,
    });
    expect(s.requests).toHaveLength(3);
  });

  it('resumes an interrupted read from its checkpoint file and removes the file when done', async () => {
    // Prepare: page 3 fails with a server error the first time
    let failed = false;
    const records = sampleRecords(130);
    const s = await start({
      records,
      failRequest: (_n, body) => {
        if (
          !failed &&
          typeof body.NextToken === 'string' &&
          Buffer.from(body.NextToken, 'base64').toString() === 'offset:100'
        ) {
          failed = true;
          return 'InternalFailure';
        }
        return undefined;
      },
    });
    const path = join(dir, 'lookup-us-east-1.json');
    const { clock } = fakeClock();
    const window = { startTime: new Date('2026-02-01T00:00:00Z'), endTime: new Date('2026-03-02T00:00:00Z') };
    const first: CloudTrailRecord[] = [];
    // Act
    const interrupted = (async () => {
      for await (const r of readLookupEvents(options(s, { ...window, clock, checkpoint: fileCheckpointStore(path) })))
        first.push(r);
    })();
    await expect(interrupted).rejects.toMatchObject({ name: 'InternalFailure' });
    const saved = JSON.parse(await readFile(path, 'utf8'));
    const progress: LookupProgress[] = [];
    const rest = await collect(
      readLookupEvents(
        options(s, { ...window, clock, checkpoint: fileCheckpointStore(path), onProgress: (p) => progress.push(p) })
      )
    );
    // Assess
    expect(first).toHaveLength(100);
    expect(saved).toMatchObject({ version: 1, pages: 2, events: 100 });
    expect(rest).toEqual(records.slice(100));
    expect(progress).toEqual([expect.objectContaining({ resumed: true, pages: 3, events: 130 })]);
    expect(existsSync(path)).toBe(false);
  });

  it('refuses a checkpoint of another query', async () => {
    // Prepare
    const s = await start({ records: sampleRecords(5) });
    const path = join(dir, 'other.json');
    await writeFile(
      path,
      JSON.stringify({
        version: 1,
        query: '{"region":"eu-west-1"}',
        nextToken: 'x',
        pages: 1,
        events: 50,
        updatedAt: '',
      })
    );
    // Act
    const reading = collect(readLookupEvents(options(s, { checkpoint: fileCheckpointStore(path) })));
    // Assess
    await expect(reading).rejects.toMatchObject({ name: 'LookupCheckpointError', where: path });
    expect(s.requests).toHaveLength(0);
  });

  it('names the checkpoint when its NextToken is no longer accepted', async () => {
    // Prepare
    const s = await start({ records: sampleRecords(5) });
    const path = join(dir, 'stale.json');
    const query = JSON.stringify({
      region: 'us-east-1',
      accountId: null,
      startTime: null,
      endTime: null,
      attribute: null,
    });
    await writeFile(
      path,
      JSON.stringify({ version: 1, query, nextToken: 'expired', pages: 1, events: 50, updatedAt: '' })
    );
    const { clock } = fakeClock();
    // Act
    const reading = collect(readLookupEvents(options(s, { clock, checkpoint: fileCheckpointStore(path) })));
    // Assess
    await expect(reading).rejects.toThrow(
      `checkpoint ${path}: its NextToken is no longer valid; delete it to start over`
    );
  });

  it('skips an event whose CloudTrailEvent is not JSON, counts it and reads on', async () => {
    // Prepare
    const s = await start({
      records: sampleRecords(3),
      rawEvent: (i, json) => (i === 1 ? json.slice(0, 40) : undefined),
    });
    const progress: LookupProgress[] = [];
    const warnings: unknown[] = [];
    const log = { debug: () => {}, info: () => {}, warn: (...a: unknown[]) => warnings.push(a), error: () => {} };
    // Act
    const read = await collect(readLookupEvents(options(s, { log, onProgress: (p) => progress.push(p) })));
    // Assess
    expect(read.map((r) => r.eventID)).toEqual([sampleRecords(3)[0]?.eventID, sampleRecords(3)[2]?.eventID]);
    expect(progress[0]).toMatchObject({ events: 2, badEvents: 1 });
    expect(warnings).toEqual([
      ['lookup event skipped', expect.objectContaining({ index: 1, eventId: sampleRecords(3)[1]?.eventID })],
    ]);
  });

  it('passes one lookup attribute through', async () => {
    // Prepare
    const s = await start({ records: sampleRecords(2) });
    // Act
    await collect(
      readLookupEvents(options(s, { lookupAttribute: { key: 'EventSource', value: 'iam.amazonaws.com' } }))
    );
    // Assess
    expect(s.requests[0]?.body.LookupAttributes).toEqual([
      { AttributeKey: 'EventSource', AttributeValue: 'iam.amazonaws.com' },
    ]);
  });
});
