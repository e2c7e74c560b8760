import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertDeliveryError } from '../../lib/alerts/errors.js';
import { createDynamoDbClient } from '../../lib/aws/clients.js';
import { dynamoIncidentStore } from '../../lib/aws/incident-table.js';
import { closingId, DEFAULT_QUIET_MS } from '../../lib/incidents/fold-incident.js';
import { memoryIncidentStore } from '../../lib/incidents/memory-store.js';
import { fileStateStores } from '../../lib/local/incident-file.js';
import type { AlertSink } from '../../lib/model/alert.js';
import type { IncidentClosing, IncidentStore } from '../../lib/model/incident.js';
import { closeQuietIncidents, sweepIncidents } from '../../lib/pipelines/close-incidents.js';
import { foldIntoIncidents } from '../../lib/pipelines/incidents.js';
import { createIncidentTable } from '../helpers/incident-table.js';
import { type MotoServer, motoServerPath, startMoto } from '../helpers/moto-server.js';
import { detection, T0 } from '../incidents/incident-store-contract.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const motoMissing = motoServerPath() === undefined;
if (motoMissing) process.stderr.write('skipping the incident sweep on DynamoDB: moto_server is not on PATH\n');

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** The wall clock of the stores: after every eventTime here, before any incident expires. */
const NOW = T0 + 60 * HOUR;
const now = () => new Date(NOW);

let moto: MotoServer | undefined;
let client: DynamoDBClient;
const dir = mkdtempSync(join(tmpdir(), 'tw-close-incidents-'));
beforeAll(async () => {
  if (motoMissing) return;
  moto = await startMoto();
  client = createDynamoDbClient('us-east-1', { AWS_ENDPOINT_URL_DYNAMODB: moto.endpoint });
});
afterAll(async () => {
  client?.destroy();
  await moto?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A sink that takes closings (and records them), failing those `refuse` names. */
const closingSink = (refuse: (c: IncidentClosing) => boolean = () => false) => {
  const taken: IncidentClosing[] = [];
  const sink: Pick<AlertSink, 'close'> = {
    close: async (closings) => {
      const refused = closings.filter(refuse);
      taken.push(...closings.filter((c) => !refuse(c)));
      if (refused.length > 0)
        throw new AlertDeliveryError(
          refused.map((c) => ({ id: c.id, sink: 'securityhub', errorCode: 'FindingNotFound', errorMessage: 'no' })),
          closings.length
        );
    },
  };
  return { sink, taken };
};

/** One match of `user` at `at` (ms), folded in from file `source`. */
const fold = async (store: IncidentStore, user: string, at: number, source: string) => {
  const alert = detection({
    id: `alert-${user}-${at}`,
    firstSeen: iso(at),
    lastSeen: iso(at),
    count: 1,
    eventIds: [`e-${user}-${at}`],
    details: { dedupKey: `111122223333|${user}` },
  });
  const folded = await foldIntoIncidents([alert], source, { store, now });
  return folded.incidents[0]?.incidentId ?? '';
};

const stores: Array<[string, () => Promise<IncidentStore>, boolean]> = [
  ['memory', async () => memoryIncidentStore(undefined, now), true],
  [
    'a state file',
    async () => fileStateStores(join(dir, `${Math.random()}.json`), now, () => undefined).incidents,
    true,
  ],
  ['DynamoDB (moto)', async () => dynamoIncidentStore(client, await createIncidentTable(client), now), !motoMissing],
];

describe.each(stores)('closeQuietIncidents on %s', (_name, makeStore, enabled) => {
  it.skipIf(!enabled)('closes exactly the incidents quiet past their period, each once', async () => {
    // Prepare
    const store = await makeStore();
    const alice = await fold(store, 'alice', T0, 'f-1');
    const bob = await fold(store, 'bob', T0 + 20 * HOUR, 'f-2');
    const { sink, taken } = closingSink();
    // Act
    const first = await closeQuietIncidents({ store, sink }, T0 + 25 * HOUR);
    const again = await closeQuietIncidents({ store, sink }, T0 + 25 * HOUR);
    const later = await closeQuietIncidents({ store, sink }, T0 + 45 * HOUR);
    // Assess
    expect(first).toEqual({ decided: 1, sent: 1, kept: 0 });
    expect(again).toEqual({ decided: 0, sent: 0, kept: 0 });
    expect(later).toEqual({ decided: 1, sent: 1, kept: 0 });
    expect(taken.map((c) => [c.incidentId, c.id, c.closedAt])).toEqual([
      [alice, closingId(alice), iso(T0 + DEFAULT_QUIET_MS)],
      [bob, closingId(bob), iso(T0 + 20 * HOUR + DEFAULT_QUIET_MS)],
    ]);
    expect(await store.listOpen()).toEqual([]);
  });

  it.skipIf(!enabled)('does not close an incident at the very end of its quiet period', async () => {
    // Prepare
    const store = await makeStore();
    await fold(store, 'alice', T0, 'f-1');
    const { sink, taken } = closingSink();
    // Act
    const report = await closeQuietIncidents({ store, sink }, T0 + DEFAULT_QUIET_MS);
    // Assess
    expect(report.decided).toBe(0);
    expect(taken).toEqual([]);
  });

  it.skipIf(!enabled)('keeps a closing the sink refused unsent and sends it again, same id, next time', async () => {
    // Prepare
    const store = await makeStore();
    const alice = await fold(store, 'alice', T0, 'f-1');
    const failing = closingSink(() => true);
    const working = closingSink();
    // Act
    const failed = closeQuietIncidents({ store, sink: failing.sink }, T0 + 25 * HOUR);
    await expect(failed).rejects.toBeInstanceOf(AlertDeliveryError);
    const retried = await closeQuietIncidents({ store, sink: working.sink }, T0 + 25 * HOUR);
    // Assess
    expect(retried).toEqual({ decided: 0, sent: 1, kept: 0 });
    expect(working.taken.map((c) => c.id)).toEqual([closingId(alice)]);
  });

  it.skipIf(!enabled)('delivers the closing of an incident a later one overwrote', async () => {
    // Prepare
    const store = await makeStore();
    const first = await fold(store, 'alice', T0, 'f-1');
    const second = await fold(store, 'alice', T0 + 30 * HOUR, 'f-2');
    const { sink, taken } = closingSink();
    // Act
    const report = await closeQuietIncidents({ store, sink }, T0 + 30 * HOUR + 60_000);
    const again = await closeQuietIncidents({ store, sink }, T0 + 30 * HOUR + 60_000);
    // Assess
    expect(second).not.toBe(first);
    expect(report).toEqual({ decided: 0, sent: 1, kept: 0 });
    expect(again).toEqual({ decided: 0, sent: 0, kept: 0 });
    expect(taken).toEqual([
      expect.objectContaining({ id: closingId(first), incidentId: first, closedAt: iso(T0 + DEFAULT_QUIET_MS) }),
    ]);
  });

  it.skipIf(!enabled)('decides closings without a sink that takes them, and keeps them for one that does', async () => {
    // Prepare
    const store = await makeStore();
    const alice = await fold(store, 'alice', T0, 'f-1');
    const { sink, taken } = closingSink();
    // Act
    const without = await closeQuietIncidents({ store, sink: {} }, T0 + 25 * HOUR);
    const withSink = await closeQuietIncidents({ store, sink }, T0 + 25 * HOUR);
    // Assess
    expect(without).toEqual({ decided: 1, sent: 0, kept: 1 });
    expect(withSink).toEqual({ decided: 0, sent: 1, kept: 0 });
    expect(taken.map((c) => c.incidentId)).toEqual([alice]);
  });

  it.skipIf(!enabled)('closes nothing when a fold adds a match between its read and its write', async () => {
    // Prepare: the sweep reads the open incidents, then a late match joins alice's before it writes
    const store = await makeStore();
    await fold(store, 'alice', T0, 'f-1');
    const racing: IncidentStore = {
      ...store,
      listOpen: async () => {
        const open = await store.listOpen();
        await fold(store, 'alice', T0 + 23 * HOUR, 'f-late');
        return open;
      },
    };
    const { sink, taken } = closingSink();
    // Act
    const report = await closeQuietIncidents({ store: racing, sink }, T0 + 25 * HOUR);
    // Assess
    expect(report).toEqual({ decided: 0, sent: 0, kept: 0 });
    expect(taken).toEqual([]);
    expect((await store.listOpen()).map((i) => i.lastSeen)).toEqual([iso(T0 + 23 * HOUR)]);
  });
});

describe('sweepIncidents', () => {
  it('refuses to run without an incident store or a sink that resolves findings', async () => {
    // Prepare
    const { sink } = closingSink();
    const log = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    // Act
    const noStore = sweepIncidents({ store: undefined, sink, log });
    const noSink = sweepIncidents({ store: memoryIncidentStore(), sink: {}, log });
    // Assess
    await expect(noStore).rejects.toThrow(/INCIDENT_TABLE/);
    await expect(noSink).rejects.toThrow(/ALERT_SECURITY_HUB/);
  });

  it('closes by the clock: now is the watermark', async () => {
    // Prepare
    const store = memoryIncidentStore(undefined, now);
    await fold(store, 'alice', NOW - 25 * HOUR, 'f-1');
    await fold(store, 'bob', NOW - 23 * HOUR, 'f-2');
    const { sink, taken } = closingSink();
    const log = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    // Act
    const report = await sweepIncidents({ store, sink, log, now });
    // Assess
    expect(report).toEqual({ decided: 1, sent: 1, kept: 0 });
    expect(taken.map((c) => c.lastSeen)).toEqual([iso(NOW - 25 * HOUR)]);
  });
});
