import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbClient } from '../../lib/aws/clients.js';
import { dynamoIncidentStore } from '../../lib/aws/incident-table.js';
import { incidentKey } from '../../lib/incidents/fold-incident.js';
import { memoryIncidentStore } from '../../lib/incidents/memory-store.js';
import type { Alert, AlertSink } from '../../lib/model/alert.js';
import type { IncidentBatchResult, IncidentStore, IncidentWriteResult } from '../../lib/model/incident.js';
import type { Clock } from '../../lib/model/ports.js';
import { foldIntoIncidents, sendNotifications } from '../../lib/pipelines/incidents.js';
import { detection, T0 } from '../incidents/incident-store-contract.js';
import { createIncidentTable } from '../helpers/incident-table.js';
import { type MotoServer, motoServerPath, startMoto } from '../helpers/moto-server.js';

const motoMissing = motoServerPath() === undefined;
if (motoMissing) process.stderr.write('skipping the incident race tests on DynamoDB: moto_server is not on PATH\n');

let moto: MotoServer | undefined;
let client: DynamoDBClient;
beforeAll(async () => {
  if (motoMissing) return;
  moto = await startMoto();
  client = createDynamoDbClient('us-east-1', { AWS_ENDPOINT_URL_DYNAMODB: moto.endpoint });
});
afterAll(async () => {
  client?.destroy();
  await moto?.close();
});

/**
 * The store, with its first `parties` reads held until all of them have read: every writer then
 * writes on what it read before any other wrote. Writes reach the store one at a time (moto runs
 * concurrent requests on shared, unlocked state); the race is in the reads. Records each result.
 */
const racing = (
  store: IncidentStore,
  parties: number
): IncidentStore & { results: IncidentWriteResult[]; reads: string[][] } => {
  const waiting: Array<() => void> = [];
  const results: IncidentWriteResult[] = [];
  const reads: string[][] = [];
  let writes: Promise<unknown> = Promise.resolve();
  return {
    results,
    reads,
    get: async (keys) => {
      reads.push([...keys]);
      const found = await store.get(keys);
      if (waiting.length < parties) {
        await new Promise<void>((release) => {
          waiting.push(release);
          if (waiting.length === parties) for (const r of waiting) r();
        });
      }
      return found;
    },
    apply: (write) => {
      const result = writes.then(() => store.apply(write));
      writes = result.catch(() => undefined);
      return result.then((r) => {
        results.push(r);
        return r;
      });
    },
    markSent: (key, incidentId, stepIds) => store.markSent(key, incidentId, stepIds),
    listOpen: () => store.listOpen(),
    markClosingsSent: (key, closingIds) => store.markClosingsSent(key, closingIds),
  };
};

/** {@link racing}, with the store's applyAll: each source's writes in one transaction. */
const racingTogether = (
  store: IncidentStore,
  parties: number
): IncidentStore & { batches: IncidentBatchResult[][]; reads: string[][] } => {
  const race = racing(store, parties);
  const batches: IncidentBatchResult[][] = [];
  let writes: Promise<unknown> = Promise.resolve();
  return {
    ...race,
    batches,
    applyAll: (all) => {
      const result = writes.then(() => (store.applyAll as NonNullable<IncidentStore['applyAll']>)(all));
      writes = result.catch(() => undefined);
      return result.then((r) => {
        batches.push(r);
        return r;
      });
    },
  };
};

const NOW = T0 + 3_600_000;
const now: Clock = () => new Date(NOW);
const KEY = incidentKey('rule-a', '111122223333|alice');

/** The alerts of one file: `count` matches of rule-a by alice. */
const fileAlerts = (file: string, count: number, minute: number): Alert[] => [
  detection({
    id: `alert-${file}`,
    count,
    firstSeen: new Date(T0 + minute * 60_000).toISOString(),
    lastSeen: new Date(T0 + minute * 60_000 + 30_000).toISOString(),
    eventIds: [`e-${file}-1`, `e-${file}-2`],
  }),
];

const stores: Array<[string, () => Promise<IncidentStore>, boolean]> = [
  ['the memory store', async () => memoryIncidentStore(undefined, now), true],
  [
    'the DynamoDB table (moto)',
    async () => dynamoIncidentStore(client, await createIncidentTable(client), now),
    !motoMissing,
  ],
];

describe.each(stores)('folding into incidents on %s', (_, makeStore, enabled) => {
  it.skipIf(!enabled)('sums two files of one cause read before either writes, and opens one incident', async () => {
    // Prepare
    const store = racing(await makeStore(), 2);
    // Act
    const [a, b] = await Promise.all([
      foldIntoIncidents(fileAlerts('a', 4, 0), 'trail/file-a', { store, now }),
      foldIntoIncidents(fileAlerts('b', 5, 1), 'trail/file-b', { store, now }),
    ]);
    // Assess
    expect(store.results.sort()).toEqual(['applied', 'applied', 'conflict']);
    const stored = (await store.get([KEY])).get(KEY);
    expect(stored?.count).toBe(9);
    expect(stored?.steps.filter((s) => s.lifecycle === 'opened')).toHaveLength(1);
    expect(a.incidentOf.get('alert-a')).toBe(stored?.incidentId);
    expect(b.incidentOf.get('alert-b')).toBe(stored?.incidentId);
    const opened = [...a.notifications, ...b.notifications].filter((n) => n.alert.lifecycle === 'opened');
    expect(new Set(opened.map((n) => n.alert.id)).size).toBe(1);
  });

  it.skipIf(!enabled)('changes nothing for a retried file and hands back the steps not yet sent', async () => {
    // Prepare
    const store = await makeStore();
    const sent: Alert[] = [];
    const sink: AlertSink = { send: async (alerts) => void sent.push(...alerts) };
    const first = await foldIntoIncidents(fileAlerts('a', 4, 0), 'trail/file-a', { store, now });
    await sendNotifications(sink, store, first.notifications);
    const second = await foldIntoIncidents(fileAlerts('b', 7, 1), 'trail/file-b', { store, now });
    const before = (await store.get([KEY])).get(KEY);
    // Act
    const retry = await foldIntoIncidents(fileAlerts('a', 4, 0), 'trail/file-a', { store, now });
    // Assess
    expect((await store.get([KEY])).get(KEY)).toEqual(before);
    expect(before?.count).toBe(11);
    expect(sent.map((n) => n.lifecycle)).toEqual(['opened']);
    expect(retry.notifications.map((n) => n.alert)).toEqual(second.notifications.map((n) => n.alert));
    expect(retry.notifications.map((n) => [n.alert.lifecycle, n.alert.escalation])).toEqual([['escalated', 10]]);
    expect(retry.incidentOf.get('alert-a')).toBe(before?.incidentId);
  });

  it.skipIf(!enabled)(
    'writes each file of two causes in one transaction; the loser reads again only the key it lost',
    async () => {
      // Prepare: file a touches alice and bob, file b alice and carol, both read before either writes
      const store = racingTogether(await makeStore(), 2);
      const two = (file: string, other: string, minute: number): Alert[] => [
        ...fileAlerts(file, 4, minute),
        detection({ id: `alert-${file}-${other}`, details: { dedupKey: `111122223333|${other}` } }),
      ];
      // Act
      const [a, b] = await Promise.all([
        foldIntoIncidents(two('a', 'bob', 0), 'trail/file-a', { store, now }),
        foldIntoIncidents(two('b', 'carol', 1), 'trail/file-b', { store, now }),
      ]);
      // Assess
      expect(store.batches).toEqual([
        ['applied', 'applied'],
        ['conflict', 'unapplied'],
        ['applied', 'applied'],
      ]);
      expect(store.reads.slice(2)).toEqual([[KEY]]);
      const stored = (await store.get([KEY])).get(KEY);
      expect(stored?.count).toBe(8);
      expect(a.incidents.map((i) => i.dedupKey).sort()).toEqual(['111122223333|alice', '111122223333|bob']);
      expect(b.incidents.map((i) => i.dedupKey).sort()).toEqual(['111122223333|alice', '111122223333|carol']);
      const again = await foldIntoIncidents(two('b', 'carol', 1), 'trail/file-b', { store, now });
      expect(store.batches.at(-1)).toEqual(['duplicate', 'duplicate']);
      expect((await store.get([KEY])).get(KEY)).toEqual(stored);
      expect(again.incidentOf).toEqual(b.incidentOf);
    }
  );
});
