import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { isClosed, isLive } from '../incidents/fold-incident.js';
import { SEVERITIES, type Severity } from '../model/alert.js';
import { TrailwatchError } from '../model/errors.js';
import type {
  IncidentClosing,
  IncidentStep,
  IncidentStore,
  IncidentWrite,
  IncidentWriteResult,
  StoredIncident,
} from '../model/incident.js';
import type { Clock } from '../model/ports.js';
import {
  batchGetConsistent,
  type MarkedWrite,
  N,
  S,
  sendMarkedWrite,
  sendWritesOfOneSource,
  UNPROCESSED_KEYS_ATTEMPTS,
  shortHash,
} from './dynamodb-items.js';

/**
 * The most bytes of alert JSON an incident item keeps: DynamoDB items hold at most 400 KB, and an
 * incident's alert carries one whole matching record as its sample.
 */
export const MAX_STORED_ALERT_BYTES = 300_000;

export { UNPROCESSED_KEYS_ATTEMPTS } from './dynamodb-items.js';

/** An incident table read or write that cannot go on: a malformed item, keys never processed. */
export class IncidentTableError extends TrailwatchError {
  readonly table: string;
  constructor(table: string, message: string, options?: ErrorOptions) {
    super(`incident table ${table}: ${message}`, options);
    this.name = 'IncidentTableError';
    this.table = table;
  }
}

/**
 * The pk of the marker that says `source` was folded into incident `incidentId`:
 * `source#<incidentId>#<sha256(source)[0:32]>`.
 */
export const sourceMarkerKey = (incidentId: string, source: string): string =>
  `source#${incidentId}#${shortHash(source)}`;

/** Steps as a map keyed by step id, so markSent sets `sent` on each without reading the item. */
const stepsAttribute = (steps: readonly IncidentStep[]): AttributeValue => ({
  M: Object.fromEntries(
    steps.map((s, i) => [
      s.id,
      {
        M: {
          i: N(i),
          lifecycle: S(s.lifecycle),
          escalation: N(s.escalation),
          severity: S(s.severity),
          count: N(s.count),
          sent: { BOOL: s.sent },
        },
      },
    ])
  ),
});

/** Closings as a map keyed by closing id, so markClosingsSent sets `sent` on each without reading the item. */
const closingsAttribute = (closings: readonly IncidentClosing[]): AttributeValue => ({
  M: Object.fromEntries(
    closings.map((c, i) => [
      c.id,
      {
        M: {
          i: N(i),
          incidentId: S(c.incidentId),
          ruleId: S(c.ruleId),
          severity: S(c.severity),
          ...(c.account !== undefined && { account: S(c.account) }),
          lastSeen: S(c.lastSeen),
          quietMs: N(c.quietMs),
          closedAt: S(c.closedAt),
          sent: { BOOL: c.sent },
        },
      },
    ])
  ),
});

/**
 * The attributes that hold an incident's closings: `closings` (the map), `closedAt` (set once its
 * own closing is decided) and `unsentClosings` (a string set of the ids not sent yet), the last
 * two so the sweep's Scan can filter on them. Absent ones are removed by the write.
 */
const closingFieldsOf = (i: StoredIncident): Record<string, AttributeValue | undefined> => {
  const closings = i.closings ?? [];
  const own = closings.find((c) => c.incidentId === i.incidentId);
  const unsent = closings.filter((c) => !c.sent).map((c) => c.id);
  return {
    closings: closings.length > 0 ? closingsAttribute(closings) : undefined,
    closedAt: own ? S(own.closedAt) : undefined,
    unsentClosings: unsent.length > 0 ? { SS: unsent } : undefined,
  };
};

/**
 * The alert as JSON, without its sample when the whole would not fit the item (the notifications
 * then name `sample` in `trimmed`, as the sinks do when an alert is over their limit).
 */
const storedAlert = (alert: StoredIncident['alert']): string => {
  const whole = JSON.stringify(alert);
  if (Buffer.byteLength(whole) <= MAX_STORED_ALERT_BYTES || alert.sample === undefined) return whole;
  const { sample: _, ...rest } = alert;
  return JSON.stringify({ ...rest, trimmed: [...new Set([...(alert.trimmed ?? []), 'sample'])] });
};

/** Every attribute of an incident item but its key and count. */
const fieldsOf = (i: StoredIncident): Record<string, AttributeValue> => ({
  incidentId: S(i.incidentId),
  ruleId: S(i.ruleId),
  dedupKey: S(i.dedupKey),
  firstSeen: S(i.firstSeen),
  lastSeen: S(i.lastSeen),
  eventIds: { L: i.eventIds.map(S) },
  severity: S(i.severity),
  escalation: N(i.escalation),
  quietMs: N(i.quietMs),
  steps: stepsAttribute(i.steps),
  alert: S(storedAlert(i.alert)),
  version: N(i.version),
  ttl: N(i.expiresAt),
});

const malformed = (table: string, pk: string, what: string): IncidentTableError =>
  new IncidentTableError(table, `item ${pk}: ${what}`);

const severityOf = (value: AttributeValue | undefined, fail: (what: string) => never, name: string): Severity => {
  const text = value?.S;
  return text !== undefined && (SEVERITIES as readonly string[]).includes(text)
    ? (text as Severity)
    : fail(`${name} is not a severity`);
};

/** Reads an incident item back into a StoredIncident; throws IncidentTableError naming what is wrong. */
const incidentOf = (table: string, item: Record<string, AttributeValue>): StoredIncident => {
  const pk = item.pk?.S ?? '?';
  const fail = (what: string): never => {
    throw malformed(table, pk, what);
  };
  const str = (name: string): string => {
    const value = item[name]?.S;
    return value ?? fail(`${name} is not a string`);
  };
  const num = (value: AttributeValue | undefined, name: string): number => {
    const n = Number(value?.N);
    if (value?.N === undefined || !Number.isFinite(n)) fail(`${name} is not a number`);
    return n;
  };
  const steps = Object.entries(item.steps?.M ?? fail('steps is not a map')).map(([id, value]) => {
    const m = value.M ?? fail(`step ${id} is not a map`);
    const lifecycle = m.lifecycle?.S;
    if (lifecycle !== 'opened' && lifecycle !== 'escalated') return fail(`step ${id} has no lifecycle`);
    const sent = m.sent?.BOOL ?? fail(`step ${id} has no sent flag`);
    const step: IncidentStep = {
      id,
      lifecycle,
      escalation: num(m.escalation, `step ${id} escalation`),
      severity: severityOf(m.severity, fail, `step ${id} severity`),
      count: num(m.count, `step ${id} count`),
      sent,
    };
    return { at: num(m.i, `step ${id} index`), step };
  });
  const closings = Object.entries(item.closings?.M ?? {}).map(([id, value]) => {
    const m = value.M ?? fail(`closing ${id} is not a map`);
    const text = (name: string): string => m[name]?.S ?? fail(`closing ${id} has no ${name}`);
    const closing: IncidentClosing = {
      id,
      incidentId: text('incidentId'),
      ruleId: text('ruleId'),
      severity: severityOf(m.severity, fail, `closing ${id} severity`),
      ...(m.account?.S !== undefined && { account: m.account.S }),
      lastSeen: text('lastSeen'),
      quietMs: num(m.quietMs, `closing ${id} quietMs`),
      closedAt: text('closedAt'),
      sent: m.sent?.BOOL ?? fail(`closing ${id} has no sent flag`),
    };
    return { at: num(m.i, `closing ${id} index`), closing };
  });
  let alert: StoredIncident['alert'];
  try {
    alert = JSON.parse(str('alert'));
  } catch (error) {
    throw new IncidentTableError(table, `item ${pk}: alert is not JSON`, { cause: error });
  }
  return {
    key: pk,
    incidentId: str('incidentId'),
    ruleId: str('ruleId'),
    dedupKey: str('dedupKey'),
    count: num(item.count, 'count'),
    firstSeen: str('firstSeen'),
    lastSeen: str('lastSeen'),
    eventIds: (item.eventIds?.L ?? fail('eventIds is not a list')).map(
      (v) => v.S ?? fail('eventIds holds a non-string')
    ),
    severity: severityOf(item.severity, fail, 'severity'),
    escalation: num(item.escalation, 'escalation'),
    quietMs: num(item.quietMs, 'quietMs'),
    steps: steps.sort((a, b) => a.at - b.at).map((s) => s.step),
    ...(closings.length > 0 && { closings: closings.sort((a, b) => a.at - b.at).map((c) => c.closing) }),
    alert,
    version: num(item.version, 'version'),
    expiresAt: num(item.ttl, 'ttl'),
  };
};

/**
 * One incident write as its two transaction items: Put the source marker if it does not exist,
 * and Update the incident at the version read (or, none read, if there is none or it expired).
 */
const markedWriteOf = (tableName: string, write: IncidentWrite, now: Clock): MarkedWrite => {
  const { next } = write;
  const fresh = write.expectedVersion === undefined;
  const closingFields = Object.entries(closingFieldsOf(next));
  const fields: Record<string, AttributeValue> = {
    ...fieldsOf(next),
    ...Object.fromEntries(closingFields.filter(([, v]) => v !== undefined)),
    ...(fresh && { count: N(next.count) }),
  };
  const removed = closingFields.filter(([, v]) => v === undefined).map(([f]) => f);
  const names = Object.fromEntries([...Object.keys(fields), ...removed].map((f) => [`#${f}`, f]));
  const values: Record<string, AttributeValue> = {
    ...Object.fromEntries(Object.entries(fields).map(([f, v]) => [`:${f}`, v])),
    ':now': N(now().getTime() / 1000),
    ...(fresh ? {} : { ':countDelta': N(write.countDelta), ':expected': N(write.expectedVersion ?? 0) }),
  };
  const set = `SET ${Object.keys(fields)
    .map((f) => `#${f} = :${f}`)
    .join(', ')}${removed.length > 0 ? ` REMOVE ${removed.map((f) => `#${f}`).join(', ')}` : ''}`;
  return {
    expiresAt: next.expiresAt,
    marker: {
      Put: {
        TableName: tableName,
        Item: {
          pk: S(sourceMarkerKey(next.incidentId, write.source)),
          source: S(write.source),
          incidentId: S(next.incidentId),
          ttl: N(next.expiresAt),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    write: {
      Update: {
        TableName: tableName,
        Key: { pk: S(next.key) },
        // Expired or absent: the item is written whole, count included. Live at the
        // version read: the count grows by an atomic ADD.
        UpdateExpression: fresh ? set : `${set} ADD #count :countDelta`,
        ConditionExpression: fresh
          ? 'attribute_not_exists(pk) OR #ttl <= :now'
          : '#version = :expected AND #ttl > :now',
        ExpressionAttributeNames: { ...names, '#count': 'count' },
        ExpressionAttributeValues: values,
      },
    },
  };
};

/**
 * The incident store on a DynamoDB table (partition key `pk`, a string; TTL on `ttl`). One item per
 * incident, `pk` = the incident key, an attribute per StoredIncident field (`ttl` = `expiresAt`,
 * `steps` a map by step id, `alert` as JSON); and one marker item per (incident, source),
 * `pk` = {@link sourceMarkerKey}, with the incident's `ttl` when it was written.
 *
 * - `get`: BatchGetItem, strongly consistent, 100 keys per call, unprocessed keys asked again with
 *   backoff. DynamoDB deletes expired items up to days late (and moto never does), so an item whose
 *   `ttl` has passed reads as absent.
 * - `apply`: one TransactWriteItems: Put the source marker if it does not exist, and Update the
 *   incident if its version is still the one read (and it has not expired), or, when none was
 *   read, if there is none or it has expired. A live incident's count grows by an atomic ADD; an
 *   expired one is overwritten whole, count included, so nothing of it carries over. A cancelled
 *   marker is `'duplicate'`, a cancelled update (or a conflicting transaction) `'conflict'`.
 * - `applyAll`: the writes of one source in one TransactWriteItems per 99 writes (under 4 MB),
 *   one after another: the conditional writes and one marker for them all,
 *   `source#batch-<sha256(keys)[0:32]>#<sha256(source)[0:32]>` (put if absent or expired), or the
 *   write's own marker when it goes alone. A file's incidents cost one round trip, and a file
 *   folded again finds its marker: `'duplicate'` for every write of that transaction. A cancelled
 *   transaction's CancellationReasons say which writes were `'conflict'`; the rest of it is
 *   `'unapplied'`.
 * - `markSent`: one UpdateItem setting each step's `sent`, only while the item holds that
 *   incident; otherwise nothing changes.
 * - Closings: a map `closings` by closing id, `closedAt` once the incident's own closing is
 *   decided and a string set `unsentClosings`. `listOpen` is a strongly consistent, paginated Scan
 *   filtered to live incident items without `closedAt` or with `unsentClosings` (a Scan reads,
 *   and bills, every item, markers included; the filter only trims what comes back).
 *   `markClosingsSent` sets each closing's `sent` and deletes its id from `unsentClosings` in one
 *   UpdateItem, whichever incident the item holds (closings travel with the item).
 *
 * Throttling and other service errors reach the caller after the client's own retries, so the
 * invocation fails and its event is retried. A retried transaction carries the same client
 * request token, so DynamoDB answers it as the first time (within 10 minutes).
 * @param client - from `createDynamoDbClient` (lib/aws/clients.ts)
 * @param tableName - the table (`INCIDENT_TABLE`)
 * @param now - the clock that decides expiry
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html
 * @example
 * const incidents = dynamoIncidentStore(createDynamoDbClient(settings.core.region), settings.incidents.table);
 */
export const dynamoIncidentStore = (
  client: DynamoDBClient,
  tableName: string,
  now: Clock = () => new Date()
): IncidentStore => ({
  get: async (keys) => {
    const found = new Map<string, StoredIncident>();
    const nowMs = now().getTime();
    const items = await batchGetConsistent(
      client,
      tableName,
      keys,
      (unprocessed) =>
        new IncidentTableError(
          tableName,
          `${unprocessed} keys still unprocessed after ${UNPROCESSED_KEYS_ATTEMPTS} BatchGetItem calls`
        )
    );
    for (const item of items) {
      const incident = incidentOf(tableName, item);
      if (isLive(incident, nowMs)) found.set(incident.key, incident);
    }
    return found;
  },

  apply: async (write: IncidentWrite): Promise<IncidentWriteResult> =>
    sendMarkedWrite(client, markedWriteOf(tableName, write, now)),

  applyAll: async (writes) =>
    sendWritesOfOneSource(
      client,
      tableName,
      'source#batch-',
      writes,
      (w) => markedWriteOf(tableName, w, now),
      now().getTime()
    ),

  markSent: async (key, incidentId, stepIds) => {
    const ids = [...new Set(stepIds)];
    if (ids.length === 0) return;
    const names: Record<string, string> = { '#incidentId': 'incidentId', '#steps': 'steps', '#sent': 'sent' };
    ids.forEach((id, i) => {
      names[`#s${i}`] = id;
    });
    try {
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: { pk: S(key) },
          UpdateExpression: `SET ${ids.map((_, i) => `#steps.#s${i}.#sent = :sent`).join(', ')}`,
          ConditionExpression: [
            '#incidentId = :incidentId',
            ...ids.map((_, i) => `attribute_exists(#steps.#s${i})`),
          ].join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':incidentId': S(incidentId), ':sent': { BOOL: true } },
        })
      );
    } catch (error) {
      // The item now holds another incident (or none): its steps are not these.
      if (error instanceof ConditionalCheckFailedException) return;
      throw error;
    }
  },

  listOpen: async () => {
    const open: StoredIncident[] = [];
    const nowMs = now().getTime();
    let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: tableName,
          ConsistentRead: true,
          // Incident items only (source markers have no steps), live, and not closed or not sent.
          FilterExpression:
            'attribute_exists(#steps) AND #ttl > :now AND (attribute_not_exists(#closedAt) OR attribute_exists(#unsent))',
          ExpressionAttributeNames: {
            '#steps': 'steps',
            '#ttl': 'ttl',
            '#closedAt': 'closedAt',
            '#unsent': 'unsentClosings',
          },
          ExpressionAttributeValues: { ':now': N(nowMs / 1000) },
          ExclusiveStartKey,
        })
      );
      for (const item of page.Items ?? []) {
        const incident = incidentOf(tableName, item);
        if (isLive(incident, nowMs) && (!isClosed(incident) || incident.closings?.some((c) => !c.sent)))
          open.push(incident);
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey !== undefined);
    return open;
  },

  markClosingsSent: async (key, closingIds) => {
    const ids = [...new Set(closingIds)];
    if (ids.length === 0) return;
    const names: Record<string, string> = { '#closings': 'closings', '#sent': 'sent', '#unsent': 'unsentClosings' };
    ids.forEach((id, i) => {
      names[`#c${i}`] = id;
    });
    try {
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: { pk: S(key) },
          UpdateExpression: `SET ${ids.map((_, i) => `#closings.#c${i}.#sent = :sent`).join(', ')} DELETE #unsent :ids`,
          ConditionExpression: ids.map((_, i) => `attribute_exists(#closings.#c${i})`).join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':sent': { BOOL: true }, ':ids': { SS: ids } },
        })
      );
    } catch (error) {
      // The item no longer holds these closings (it expired and was written afresh): nothing to mark.
      if (error instanceof ConditionalCheckFailedException) return;
      throw error;
    }
  },
});
