import { type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbClient } from '../../lib/aws/clients.js';
import { dynamoIncidentStore, sourceMarkerKey, UNPROCESSED_KEYS_ATTEMPTS } from '../../lib/aws/incident-table.js';
import { foldIncident } from '../../lib/incidents/fold-incident.js';
import type { IncidentStore, StoredIncident } from '../../lib/model/incident.js';
import { contribution, describeIncidentStoreContract, detection, T0 } from '../incidents/incident-store-contract.js';
import {
  type DynamoDbProxy,
  type DynamoDbReply,
  transactionCanceled,
  startDynamoDbProxy,
} from '../helpers/dynamodb-proxy.js';
import { createIncidentTable } from '../helpers/incident-table.js';
import { type MotoServer, motoServerPath, startMoto } from '../helpers/moto-server.js';

const motoMissing = motoServerPath() === undefined;
if (motoMissing) process.stderr.write('skipping the DynamoDB incident table tests: moto_server is not on PATH\n');

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

describeIncidentStoreContract(
  'the DynamoDB table (moto)',
  async (now) => dynamoIncidentStore(client, await createIncidentTable(client), now),
  !motoMissing
);

const NOW = T0 + 120_000;
const now = () => new Date(NOW);

describe.skipIf(motoMissing)('the DynamoDB incident table, item by item', () => {
  /** A table with one incident in it, and a store on it through a proxy that answers as `answer` says. */
  const withProxy = async (
    answer: (call: { action: string; json: Record<string, unknown> }) => DynamoDbReply | undefined
  ) => {
    const table = await createIncidentTable(client);
    const { next, countDelta } = foldIncident(undefined, contribution(), NOW);
    await dynamoIncidentStore(client, table, now).apply({
      next,
      expectedVersion: undefined,
      countDelta,
      source: 's/f-1',
    });
    const proxy: DynamoDbProxy = await startDynamoDbProxy(moto?.endpoint ?? '', answer);
    const proxied = createDynamoDbClient('us-east-1', { AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint });
    const store: IncidentStore = dynamoIncidentStore(proxied, table, now);
    const close = async () => {
      proxied.destroy();
      await proxy.close();
    };
    return { table, incident: next, proxy, store, close };
  };

  it('writes the incident item and a source marker with the incident’s ttl', async () => {
    // Prepare
    const table = await createIncidentTable(client);
    const store = dynamoIncidentStore(client, table, now);
    const { next, countDelta } = foldIncident(undefined, contribution(), NOW);
    // Act
    await store.apply({ next, expectedVersion: undefined, countDelta, source: 'trail/AWSLogs/file-1.json.gz' });
    // Assess
    const item = (await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: next.key } } }))).Item;
    expect(item).toMatchObject({
      pk: { S: next.key },
      incidentId: { S: next.incidentId },
      count: { N: '3' },
      version: { N: '1' },
      ttl: { N: String(next.expiresAt) },
      alert: { S: JSON.stringify(next.alert) },
    });
    const marker = sourceMarkerKey(next.incidentId, 'trail/AWSLogs/file-1.json.gz');
    expect(marker).toMatch(new RegExp(`^source#${next.incidentId}#[0-9a-f]{32}$`));
    const markerItem = (await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: marker } } }))).Item;
    expect(markerItem).toMatchObject({
      ttl: { N: String(next.expiresAt) },
      source: { S: 'trail/AWSLogs/file-1.json.gz' },
    });
  });

  it('asks again for the keys DynamoDB left unprocessed', async () => {
    // Prepare
    let first = true;
    const { incident, proxy, store, close } = await withProxy((call) => {
      if (call.action !== 'BatchGetItem' || !first) return undefined;
      first = false;
      const [table, request] = Object.entries(call.json.RequestItems as Record<string, unknown>)[0] ?? [];
      return { status: 200, body: { Responses: { [table ?? '']: [] }, UnprocessedKeys: { [table ?? '']: request } } };
    });
    try {
      // Act
      const found = await store.get([incident.key]);
      // Assess
      expect(found.get(incident.key)).toEqual(incident);
      expect(proxy.calls.map((c) => c.action)).toEqual(['BatchGetItem', 'BatchGetItem']);
    } finally {
      await close();
    }
  });

  it('fails naming the table when keys stay unprocessed', async () => {
    // Prepare
    const { table, incident, proxy, store, close } = await withProxy((call) => {
      const [name, request] = Object.entries(call.json.RequestItems as Record<string, unknown>)[0] ?? [];
      return { status: 200, body: { Responses: { [name ?? '']: [] }, UnprocessedKeys: { [name ?? '']: request } } };
    });
    try {
      // Act
      const reading = store.get([incident.key]);
      // Assess
      await expect(reading).rejects.toMatchObject({
        name: 'IncidentTableError',
        message: `incident table ${table}: 1 keys still unprocessed after ${UNPROCESSED_KEYS_ATTEMPTS} BatchGetItem calls`,
      });
      expect(proxy.calls).toHaveLength(UNPROCESSED_KEYS_ATTEMPTS);
    } finally {
      await close();
    }
  });

  it.each([
    ['TransactionConflict', 'conflict'],
    ['ConditionalCheckFailed', 'conflict'],
  ])('answers conflict to a transaction whose update was cancelled by %s', async (code, expected) => {
    // Prepare
    const { incident, store, close } = await withProxy((call) =>
      call.action === 'TransactWriteItems' ? transactionCanceled(['None', code]) : undefined
    );
    const join = foldIncident(incident, contribution({ count: 2 }), NOW);
    try {
      // Act
      const result = await store.apply({ ...join, expectedVersion: 1, source: 's/f-2' });
      // Assess
      expect(result).toBe(expected);
    } finally {
      await close();
    }
  });

  it('throws a transaction cancelled for throttling, with its reasons', async () => {
    // Prepare
    const { incident, store, close } = await withProxy((call) =>
      call.action === 'TransactWriteItems' ? transactionCanceled(['None', 'ThrottlingError']) : undefined
    );
    const join = foldIncident(incident, contribution({ count: 2 }), NOW);
    try {
      // Act
      const writing = store.apply({ ...join, expectedVersion: 1, source: 's/f-2' });
      // Assess
      await expect(writing).rejects.toMatchObject({
        name: 'TransactionCanceledException',
        CancellationReasons: [{ Code: 'None' }, { Code: 'ThrottlingError' }],
      });
    } finally {
      await close();
    }
  });

  it('throws a transaction of several incidents cancelled for throttling, so the file fails', async () => {
    // Prepare
    const { incident, store, close } = await withProxy((call) =>
      call.action === 'TransactWriteItems' ? transactionCanceled(['None', 'None', 'ThrottlingError']) : undefined
    );
    const join = foldIncident(incident, contribution({ count: 2 }), NOW);
    const bob = foldIncident(undefined, contribution({}, '111122223333|bob'), NOW);
    try {
      // Act
      const writing = store.applyAll?.([
        { ...join, expectedVersion: 1, source: 's/f-2' },
        { ...bob, expectedVersion: undefined, source: 's/f-2' },
      ]);
      // Assess
      await expect(writing).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    } finally {
      await close();
    }
  });

  it('answers, for a transaction of several incidents, which lost and which were left unapplied', async () => {
    // Prepare: the shared marker, then the two updates
    const { incident, store, close } = await withProxy((call) =>
      call.action === 'TransactWriteItems' ? transactionCanceled(['None', 'None', 'TransactionConflict']) : undefined
    );
    const join = foldIncident(incident, contribution({ count: 2 }), NOW);
    const bob = foldIncident(undefined, contribution({}, '111122223333|bob'), NOW);
    try {
      // Act
      const results = await store.applyAll?.([
        { ...join, expectedVersion: 1, source: 's/f-2' },
        { ...bob, expectedVersion: undefined, source: 's/f-2' },
      ]);
      // Assess
      expect(results).toEqual(['unapplied', 'conflict']);
    } finally {
      await close();
    }
  });

  it('reads a malformed item as an error naming the table, the key and the field', async () => {
    // Prepare
    const table = await createIncidentTable(client);
    const store = dynamoIncidentStore(client, table, now);
    const { next } = foldIncident(undefined, contribution(), NOW);
    await client.send(
      new PutItemCommand({
        TableName: table,
        Item: {
          pk: { S: next.key },
          incidentId: { S: next.incidentId },
          count: { S: 'three' },
          ttl: { N: '9999999999' },
        },
      })
    );
    // Act
    const reading = store.get([next.key]);
    // Assess
    await expect(reading).rejects.toMatchObject({
      name: 'IncidentTableError',
      message: expect.stringContaining(`incident table ${table}: item ${next.key}: `),
    });
  });

  it('keeps steps marked sent when the incident is written again at the version read after', async () => {
    // Prepare
    const table = await createIncidentTable(client);
    const store = dynamoIncidentStore(client, table, now);
    const created = foldIncident(undefined, contribution(), NOW);
    await store.apply({ ...created, expectedVersion: undefined, source: 's/f-1' });
    await store.markSent(created.next.key, created.next.incidentId, [created.next.steps[0]?.id ?? '']);
    const read = (await store.get([created.next.key])).get(created.next.key) as StoredIncident;
    // Act
    const joined = foldIncident(read, contribution({ count: 1 }), NOW);
    await store.apply({ ...joined, expectedVersion: read.version, source: 's/f-2' });
    // Assess
    const stored = (await store.get([created.next.key])).get(created.next.key);
    expect(stored?.steps.map((s) => s.sent)).toEqual([true]);
    expect(stored?.count).toBe(4);
  });

  it('keeps an alert whose sample would overflow the item without the sample, naming it trimmed', async () => {
    // Prepare
    const table = await createIncidentTable(client);
    const store = dynamoIncidentStore(client, table, now);
    const big = detection({
      sample: { eventName: 'PutBucketPolicy', requestParameters: { policy: 'x'.repeat(350_000) } },
    });
    const { next, countDelta } = foldIncident(undefined, contribution({ alert: () => big }), NOW);
    // Act
    const result = await store.apply({ next, expectedVersion: undefined, countDelta, source: 's/f-1' });
    // Assess
    expect(result).toBe('applied');
    const { sample: _, ...rest } = big;
    expect((await store.get([next.key])).get(next.key)?.alert).toEqual({ ...rest, trimmed: ['sample'] });
  });
});
