import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbClient } from '../../lib/aws/clients.js';
import { dynamoIncidentStore } from '../../lib/aws/incident-table.js';
import { incidentKey } from '../../lib/incidents/fold-incident.js';
import { memoryIncidentStore } from '../../lib/incidents/memory-store.js';
import type { Alert, AlertSink } from '../../lib/model/alert.js';
import type { IncidentStore, IncidentWriteResult } from '../../lib/model/incident.js';
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
const racing = (store: IncidentStore, parties: number): IncidentStore & { results: IncidentWriteResult[] } => {
  const waiting: Array<() => void> = [];
  const results: IncidentWriteResult[] = [];
  let writes: Promise<unknown> = Promise.resolve();
  return {
    results,
    get: async (keys) => {
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
});
