import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoBaselineStore } from '../../lib/aws/baseline-table.js';
import { stateStoresOf } from '../../lib/aws/state-stores.js';
import { viewOf } from '../../lib/cloudtrail/record-view.js';
import { memoryBaselineStore } from '../../lib/incidents/memory-baseline-store.js';
import { fileStateStores } from '../../lib/local/incident-file.js';
import type { BaselineStore, StoredBaseline } from '../../lib/model/baseline.js';
import type { CloudTrailRecord } from '../../lib/model/record.js';
import { firstSeenJudge } from '../../lib/pipelines/first-seen.js';
import { loadRuleSet, RuleEngine } from '../../lib/rules/index.js';
import { createUser, day, describeRegions, putKeyPolicy, signInFrom } from '../helpers/first-seen-records.js';
import { createIncidentTable } from '../helpers/incident-table.js';
import { type MotoServer, startMoto } from '../helpers/moto-server.js';

const WEEK = 7 * 86_400_000;
let moto: MotoServer;
let client: DynamoDBClient;
/** The stores' clock: tests move it to expire baselines. */
let now = new Date('2026-03-20T00:00:00Z');
const clock = () => now;
/** Calls by command name, counted by a middleware on the client. */
const calls = new Map<string, number>();

beforeAll(async () => {
  moto = await startMoto();
  client = new DynamoDBClient({
    endpoint: moto.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  client.middlewareStack.add(
    (next, context) => (args) => {
      calls.set(context.commandName as string, (calls.get(context.commandName as string) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' }
  );
}, 30_000);
afterAll(async () => {
  client?.destroy();
  await moto?.close();
});

const engine = new RuleEngine(loadRuleSet({}).rules);
/** One log file through the built-in pack: its first-seen candidates and first eventTime. */
const file = (records: CloudTrailRecord[]) => {
  const detector = engine.detector({ bucket: 'trail-bucket', key: 'file' });
  const take = detector.deferFirstSeen?.();
  for (const [i, r] of records.entries()) detector.onRecord(viewOf(r, i));
  detector.finish();
  const times = records.map((r) => r.eventTime as string).sort();
  return { candidates: take?.() ?? [], firstEventTime: times[0] };
};
const ruleIds = (alerts: { ruleId: string; details?: Record<string, unknown> }[]) =>
  alerts.map((a) => `${a.ruleId} ${JSON.stringify((a.details?.firstSeen as { key?: string })?.key)}`);

describe.each([
  ['memory', async (): Promise<BaselineStore> => memoryBaselineStore(undefined, clock)],
  [
    'state file',
    async (): Promise<BaselineStore> =>
      fileStateStores(join(mkdtempSync(join(tmpdir(), 'tw-base-')), 's.json'), clock, () => {}).baselines,
  ],
  [
    'DynamoDB (moto)',
    async (): Promise<BaselineStore> => dynamoBaselineStore(client, await createIncidentTable(client), clock),
  ],
])('first-seen baselines: %s', (_name, makeStore) => {
  const judgeWith = async (store?: BaselineStore, learningMs = WEEK) => {
    const s = store ?? (await makeStore());
    const judge = firstSeenJudge({ store: s, learningMs, now: clock });
    return {
      store: s,
      judge: (source: string, records: CloudTrailRecord[]) => {
        const f = file(records);
        return judge(f.candidates, source, f.firstEventTime);
      },
    };
  };

  it('learns keys silently for the first 7 days, then alerts a new key once, also for a principal never seen', async () => {
    // Prepare
    now = new Date('2026-03-20T00:00:00Z');
    const { judge } = await judgeWith();
    // Act
    const learning = [
      await judge('f1', [createUser(day(0, 5), 'alice')]),
      await judge('f2', [putKeyPolicy(day(3), 'alice')]),
    ];
    const after = await judge('f3', [
      createUser(day(8), 'alice'),
      putKeyPolicy(day(8, 1), 'alice'),
      createUser(day(8, 2), 'bob'),
    ]);
    const later = await judge('f4', [createUser(day(9), 'bob')]);
    // Assess
    expect(learning).toEqual([[], []]);
    expect(ruleIds(after)).toEqual(['first-sensitive-api-call-by-principal "iam:CreateUser"']);
    expect(after[0]?.principal).toBe('arn:aws:iam::111122223333:user/bob');
    expect(later).toEqual([]);
  });

  it('ends learning exactly 7 days after the first eventTime the store has seen, from files without candidates too', async () => {
    // Prepare
    now = new Date('2026-03-20T00:00:00Z');
    const { judge } = await judgeWith();
    await judge('quiet', [describeRegions(day(0), 'alice')]);
    // Act
    const justBefore = await judge('b', [createUser(new Date(Date.parse(day(7)) - 1000).toISOString(), 'carol')]);
    const atEnd = await judge('c', [putKeyPolicy(day(7), 'carol')]);
    // Assess
    expect(justBefore).toEqual([]);
    expect(ruleIds(atEnd)).toEqual(['first-sensitive-api-call-by-principal "kms:PutKeyPolicy"']);
  });

  it('alerts again with the same id when the same file is retried, and never for another file', async () => {
    // Prepare
    now = new Date('2026-03-20T00:00:00Z');
    const { judge } = await judgeWith();
    await judge('start', [describeRegions(day(0), 'alice')]);
    const records = [createUser(day(8), 'dave')];
    const first = await judge('f', records);
    // Act
    const retried = await judge('f', records);
    const other = await judge('g', [createUser(day(8, 5), 'dave')]);
    // Assess
    expect(first.map((a) => a.id)).toHaveLength(1);
    expect(retried.map((a) => a.id)).toEqual(first.map((a) => a.id));
    expect(other).toEqual([]);
  });

  it('decides "first" once when two writers read before either writes', async () => {
    // Prepare
    now = new Date('2026-03-20T00:00:00Z');
    const store = await makeStore();
    await firstSeenJudge({ store, learningMs: WEEK }).call(undefined, [], 'start', day(0));
    let release: () => void = () => {};
    const bothRead = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reads = 0;
    // Both writers' reads return only when both have read: neither sees the other's claim. Claims
    // reach the store one at a time (moto runs concurrent requests on shared, unlocked state);
    // the race is in the reads.
    let writes: Promise<unknown> = Promise.resolve();
    const claims: boolean[] = [];
    const racing: BaselineStore = {
      ...store,
      read: async (ids) => {
        const read = await store.read(ids);
        if (++reads === 2) release();
        await bothRead;
        return read;
      },
      claim: (baseline) => {
        const result = writes.then(() => store.claim(baseline));
        writes = result.catch(() => undefined);
        return result.then((created) => {
          if (baseline.key !== undefined) claims.push(created);
          return created;
        });
      },
    };
    const a = firstSeenJudge({ store: racing, learningMs: WEEK, now: clock });
    const b = firstSeenJudge({ store: racing, learningMs: WEEK, now: clock });
    const fa = file([createUser(day(8), 'erin')]);
    const fb = file([createUser(day(8, 3), 'erin')]);
    // Act
    const [ra, rb] = await Promise.all([
      a(fa.candidates, 'a', fa.firstEventTime),
      b(fb.candidates, 'b', fb.firstEventTime),
    ]);
    // Assess
    expect(reads).toBe(2);
    expect(claims.sort()).toEqual([false, true]);
    expect([...ra, ...rb].map((x) => x.ruleId)).toEqual(['first-sensitive-api-call-by-principal']);
  });

  it("reads the store only once the file's own start has landed (the read takes the deployment item too)", async () => {
    // Prepare: a store whose start update lands a few turns of the event loop late
    now = new Date('2026-03-20T00:00:00Z');
    const store = await makeStore();
    const calls: string[] = [];
    const slow: BaselineStore = {
      ...store,
      noteStart: async (time) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        await store.noteStart(time);
        calls.push('start landed');
      },
      read: async (ids) => {
        calls.push('read');
        return store.read(ids);
      },
    };
    const judge = firstSeenJudge({ store: slow, learningMs: WEEK, now: clock });
    const f = file([createUser(day(0), 'grace')]);
    // Act
    await judge(f.candidates, 'first', f.firstEventTime);
    // Assess
    expect(calls).toEqual(['start landed', 'read']);
    expect((await store.read([])).deploymentStart).toBe(f.candidates[0]?.time);
  });

  it('reads a baseline whose TTL has passed as absent: the key alerts again', async () => {
    // Prepare
    now = new Date('2026-03-20T00:00:00Z');
    const { judge } = await judgeWith();
    await judge('start', [describeRegions(day(0), 'alice')]);
    const first = await judge('f', [createUser(day(8), 'frank')]);
    // Act: 90 days after the later of the event and the clock, and one more
    now = new Date(Date.parse('2026-03-20T00:00:00Z') + 91 * 86_400_000);
    const again = await judge('g', [createUser(day(8, 1), 'frank')]);
    // Assess
    expect(first).toHaveLength(1);
    expect(again).toHaveLength(1);
  });

  it("learns a user's first sign-in country silently after learning, then alerts a new one (also within one file)", async () => {
    // Prepare
    now = new Date('2026-03-20T00:00:00Z');
    const { judge: judgeAll } = await judgeWith();
    const judge = async (source: string, records: CloudTrailRecord[]) =>
      (await judgeAll(source, records)).filter((a) => a.ruleId === 'console-signin-from-new-country');
    await judge('start', [describeRegions(day(0), 'alice')]);
    // Act
    const firstEver = await judge('s1', [signInFrom(day(8), 'jana', 'DE')]);
    const sameCountry = await judge('s2', [signInFrom(day(9), 'jana', 'DE2')]);
    const newCountry = await judge('s3', [signInFrom(day(10), 'jana', 'BR')]);
    const newUserTwoCountries = await judge('s4', [
      signInFrom(day(10), 'kim', 'NL'),
      signInFrom(day(10, 30), 'kim', 'AU'),
    ]);
    // Assess
    expect([firstEver, sameCountry]).toEqual([[], []]);
    expect(ruleIds(newCountry)).toEqual(['console-signin-from-new-country "BR"']);
    expect(ruleIds(newUserTwoCountries)).toEqual(['console-signin-from-new-country "AU"']);
  });

  it('keeps a baseline whatever its writer or a reader does to its own object, and extends it without changing one read before', async () => {
    // Prepare
    now = new Date('2026-03-20T00:00:00Z');
    const store = await makeStore();
    const expiresAt = Math.ceil(now.getTime() / 1000) + 86_400;
    const claimed: StoredBaseline = {
      id: 'first-sensitive-api-call-by-principal|alice|iam:CreateUser',
      ruleId: 'first-sensitive-api-call-by-principal',
      entity: 'alice',
      key: 'iam:CreateUser',
      firstSeen: day(8),
      source: 'f1',
      alerted: true,
      expiresAt,
    };
    await store.claim(claimed);
    const expected = structuredClone(claimed);
    const read = (await store.read([claimed.id])).baselines.get(claimed.id) as StoredBaseline;
    // Act: a store may hand out frozen baselines
    for (const change of [
      () => {
        claimed.alerted = false;
      },
      () => {
        read.source = 'changed';
      },
    ])
      try {
        change();
      } catch (error) {
        if (!(error instanceof TypeError)) throw error;
      }
    const before = (await store.read([claimed.id])).baselines.get(claimed.id);
    await store.extend(claimed.id, expiresAt + 86_400);
    const after = (await store.read([claimed.id])).baselines.get(claimed.id);
    // Assess
    expect(before).toEqual(expected);
    expect(after).toEqual({ ...expected, expiresAt: expiresAt + 86_400 });
  });

  it('moves the deployment start only earlier', async () => {
    // Prepare
    const store = await makeStore();
    // Act
    await store.noteStart(Date.parse(day(5)));
    await store.noteStart(Date.parse(day(2)));
    await store.noteStart(Date.parse(day(9)));
    // Assess
    expect((await store.read([])).deploymentStart).toBe(Date.parse(day(2)));
  });
});

describe('first-seen baselines on DynamoDB: round trips', () => {
  it('reads once per file and writes once per new key, however many events repeat the keys; keys it knows need no read', async () => {
    // Prepare
    now = new Date('2026-03-20T00:00:00Z');
    const store = dynamoBaselineStore(client, await createIncidentTable(client), clock);
    const judge = firstSeenJudge({ store, learningMs: WEEK, now: clock });
    await judge([], 'start', day(0));
    const users = ['u1', 'u2', 'u3', 'u4', 'u5'];
    const records = Array.from({ length: 200 }, (_, i) => createUser(day(8, i), users[i % 5] as string));
    const f = file(records);
    calls.clear();
    // Act
    const alerts = await judge(f.candidates, 'busy', f.firstEventTime);
    const afterFirst = Object.fromEntries(calls);
    calls.clear();
    const again = file(records.map((r) => ({ ...r, eventTime: day(9) })));
    await judge(again.candidates, 'busy-again', again.firstEventTime);
    // Assess
    expect(alerts).toHaveLength(5);
    expect(afterFirst).toEqual({ BatchGetItemCommand: 1, UpdateItemCommand: 5 });
    expect(Object.fromEntries(calls)).toEqual({});
  });

  it('keeps baselines under baseline# keys with their TTL in the incident table', async () => {
    // Prepare
    now = new Date('2026-03-20T00:00:00Z');
    const table = await createIncidentTable(client);
    const store = dynamoBaselineStore(client, table, clock);
    // Act
    const created = await store.claim({
      id: 'abc',
      ruleId: 'r',
      entity: 'e',
      key: 'k',
      firstSeen: day(8),
      source: 's',
      alerted: true,
      expiresAt: 2_000_000_000,
    });
    const twice = await store.claim({
      id: 'abc',
      ruleId: 'r',
      entity: 'e',
      key: 'k2',
      firstSeen: day(9),
      source: 't',
      alerted: true,
      expiresAt: 2_000_000_001,
    });
    const read = await store.read(['abc']);
    // Assess
    expect([created, twice]).toEqual([true, false]);
    expect(read.baselines.get('abc')).toEqual({
      id: 'abc',
      ruleId: 'r',
      entity: 'e',
      key: 'k',
      firstSeen: day(8),
      source: 's',
      alerted: true,
      expiresAt: 2_000_000_000,
    });
    expect(read.deploymentStart).toBeUndefined();
  });
});

describe('the state stores of a Lambda function', () => {
  it('keep first-seen baselines on the incident table with the configured learning period, or in the state file', async () => {
    // Prepare
    const table = await createIncidentTable(client);
    const path = join(mkdtempSync(join(tmpdir(), 'tw-stores-')), 'state.json');
    const env = { AWS_ENDPOINT_URL_DYNAMODB: moto.endpoint };
    const files = (p: string) => fileStateStores(p, clock, () => {});
    // Act
    const onTable = stateStoresOf({ table, learningDays: 3 }, 'us-east-1', files, env);
    const inFile = stateStoresOf({ stateFile: path, learningDays: 7 }, 'us-east-1', files, env);
    const none = stateStoresOf({ learningDays: 7 }, 'us-east-1', files, env);
    await onTable.firstSeen?.store.noteStart(Date.parse(day(1)));
    await inFile.firstSeen?.store.noteStart(Date.parse(day(2)));
    // Assess
    expect(onTable.firstSeen?.learningMs).toBe(3 * 86_400_000);
    expect((await dynamoBaselineStore(client, table, clock).read([])).deploymentStart).toBe(Date.parse(day(1)));
    expect(JSON.parse(readFileSync(path, 'utf8')).baseline.deploymentStart).toBe(Date.parse(day(2)));
    expect(none.firstSeen).toBeUndefined();
  });
});
