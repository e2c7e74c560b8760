import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoCorrelationStore } from '../../lib/aws/correlation-table.js';
import { memoryCorrelationStore } from '../../lib/incidents/memory-correlation-store.js';
import type { CorrelationStore } from '../../lib/model/correlation.js';
import { correlateMatches } from '../../lib/pipelines/correlations.js';
import { loadRuleSet, RuleEngine } from '../../lib/rules/index.js';
import { viewOf } from '../../lib/cloudtrail/record-view.js';
import { type MotoServer, startMoto } from '../helpers/moto-server.js';
import { at, consoleLogin } from '../helpers/correlation-records.js';

const NOW = new Date('2026-03-04T06:00:00Z');
let moto: MotoServer;
let client: DynamoDBClient;
let tables = 0;

const dynamoStore = async (): Promise<CorrelationStore> => {
  const name = `incidents-${process.pid}-${++tables}`;
  await client.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    })
  );
  return dynamoCorrelationStore(client, name, () => NOW);
};

const ruleSet = loadRuleSet({});
const engine = new RuleEngine(ruleSet.rules, { correlations: ruleSet.correlations });
const matchesOf = (name: string, minutes: number[]) => {
  const detector = engine.detector({ bucket: 'trail-bucket', key: name });
  const take = detector.deferCorrelations?.();
  for (const [i, m] of minutes.entries())
    detector.onRecord(viewOf(consoleLogin(at(m), 'Failure', 'alice', '203.0.113.9'), i));
  detector.finish();
  return take?.() ?? [];
};

beforeAll(async () => {
  moto = await startMoto();
  client = new DynamoDBClient({
    endpoint: moto.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}, 30_000);
afterAll(async () => {
  client?.destroy();
  await moto?.close();
});

describe.each([
  ['memory', async () => memoryCorrelationStore(undefined, () => NOW)],
  ['DynamoDB (moto)', dynamoStore],
])('correlation store: %s', (_name, makeStore) => {
  it('fires a threshold burst split over two files once; retries fire nothing new and hand back the alert', async () => {
    // Prepare
    const store = await makeStore();
    const deps = { correlations: engine.correlations, store, now: () => NOW };
    const a = matchesOf('a.json.gz', [1, 2, 3]);
    const b = matchesOf('b.json.gz', [4, 5]);
    // Act
    const first = await correlateMatches(a, 'trail-bucket/a.json.gz', deps);
    const second = await correlateMatches(b, 'trail-bucket/b.json.gz', deps);
    const retryA = await correlateMatches(a, 'trail-bucket/a.json.gz', deps);
    const retryB = await correlateMatches(b, 'trail-bucket/b.json.gz', deps);
    // Assess
    expect(first).toEqual([]);
    expect(second.map((x) => [x.ruleId, x.count])).toEqual([['console-login-failure-burst', 5]]);
    expect(retryA).toEqual([]);
    expect(retryB).toEqual(second);
    // one state per correlation the failures feed: the burst, and the password-spray count
    expect(await store.keys()).toHaveLength(2);
  });

  it('keeps the stored state whatever a reader does to what it read', async () => {
    // Prepare
    const store = await makeStore();
    const deps = { correlations: engine.correlations, store, now: () => NOW };
    await correlateMatches(matchesOf('a.json.gz', [1, 2]), 'trail-bucket/a.json.gz', deps);
    const [key] = await store.keys(new Set(['console-login-failure-burst']));
    const read = (await store.get([key as string])).get(key as string);
    if (!read) throw new Error('no state');
    const expected = structuredClone(read);
    // Act: a store may hand out frozen states
    for (const change of [
      () => read.matches.pop(),
      () => read.fired.push(read.fired[0] as never),
      () => {
        read.version = 99;
      },
    ]) {
      try {
        change();
      } catch (error) {
        if (!(error instanceof TypeError)) throw error;
      }
    }
    // Assess
    expect((await store.get([key as string])).get(key as string)).toEqual(expected);
  });

  it('lists only the states of the correlations asked for', async () => {
    // Prepare
    const store = await makeStore();
    const deps = { correlations: engine.correlations, store, now: () => NOW };
    await correlateMatches(matchesOf('a.json.gz', [1]), 'trail-bucket/a.json.gz', deps);
    // Act
    const burst = await store.keys(new Set(['console-login-failure-burst']));
    const other = await store.keys(new Set(['another-correlation']));
    // Assess
    expect([burst.length, other]).toEqual([1, []]);
    // unfiltered, the password-spray count's state is listed too
    const all = await store.keys();
    expect([all.length, burst.every((k) => all.includes(k))]).toEqual([2, true]);
  });

  it('answers a write at a stale version with a conflict and an expired state as absent', async () => {
    // Prepare
    const store = await makeStore();
    const deps = { correlations: engine.correlations, store, now: () => NOW };
    await correlateMatches(matchesOf('a.json.gz', [1]), 'trail-bucket/a.json.gz', deps);
    const [key] = await store.keys();
    const read = (await store.get([key as string])).get(key as string);
    if (!read) throw new Error('no state');
    // Act
    const stale = await store.apply({
      next: { ...read, version: read.version + 1 },
      expectedVersion: read.version - 1,
      source: 'x',
    });
    const expired = await store.apply({
      next: { ...read, version: read.version + 1, expiresAt: NOW.getTime() / 1000 - 1 },
      expectedVersion: read.version,
      source: 'y',
    });
    // Assess
    expect(stale).toBe('conflict');
    expect(expired).toBe('applied');
    expect((await store.get([key as string])).size).toBe(0);
  });
});
