import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type {
  CorrelationStore,
  CorrelationWrite,
  CorrelationWriteResult,
  StoredCorrelation,
} from '../model/correlation.js';
import { TrailwatchError } from '../model/errors.js';
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

/** Where a correlation state lives in the correlation table: `correlation#<state key>`. */
export const correlationItemKey = (key: string): string => `correlation#${key}`;

/** The marker that says `source` was folded into a state: `correlation-source#<state key>#<sha256(source)[0:32]>`. */
export const correlationSourceKey = (key: string, source: string): string =>
  `correlation-source#${key}#${shortHash(source)}`;

/** A correlation state read or write that cannot go on: a malformed item, keys never processed. */
export class CorrelationTableError extends TrailwatchError {
  constructor(table: string, message: string, options?: ErrorOptions) {
    super(`correlation table ${table}: ${message}`, options);
    this.name = 'CorrelationTableError';
  }
}

const stateOf = (table: string, item: Record<string, AttributeValue>): StoredCorrelation => {
  const pk = item.pk?.S ?? '?';
  try {
    const body = JSON.parse(item.state?.S ?? '') as Pick<StoredCorrelation, 'matches' | 'fired' | 'context'>;
    const version = Number(item.version?.N);
    const expiresAt = Number(item.ttl?.N);
    const correlationId = item.correlationId?.S;
    const groupKey = item.groupKey?.S;
    if (
      !Number.isFinite(version) ||
      !Number.isFinite(expiresAt) ||
      correlationId === undefined ||
      groupKey === undefined
    )
      throw new Error('version, ttl, correlationId or groupKey missing');
    if (!Array.isArray(body.matches) || !Array.isArray(body.fired)) throw new Error('state holds no matches or fired');
    return {
      key: pk.slice('correlation#'.length),
      correlationId,
      groupKey,
      matches: body.matches,
      fired: body.fired,
      context: body.context ?? {},
      version,
      expiresAt,
    };
  } catch (error) {
    throw new CorrelationTableError(table, `item ${pk} is damaged (${(error as Error).message})`, { cause: error });
  }
};

/**
 * One state write as its two transaction items: Put the source marker if it does not exist, and
 * Put the state at the version read (or, none read, if there is none or it expired).
 */
const markedWriteOf = (tableName: string, write: CorrelationWrite, now: Clock): MarkedWrite => {
  const { next } = write;
  const fresh = write.expectedVersion === undefined;
  return {
    expiresAt: next.expiresAt,
    marker: {
      Put: {
        TableName: tableName,
        Item: {
          pk: S(correlationSourceKey(next.key, write.source)),
          source: S(write.source),
          ttl: N(next.expiresAt),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    write: {
      Put: {
        TableName: tableName,
        Item: {
          pk: S(correlationItemKey(next.key)),
          correlationId: S(next.correlationId),
          groupKey: S(next.groupKey),
          state: S(JSON.stringify({ matches: next.matches, fired: next.fired, context: next.context })),
          version: N(next.version),
          ttl: N(next.expiresAt),
        },
        ConditionExpression: fresh
          ? 'attribute_not_exists(pk) OR #ttl <= :now'
          : '#version = :expected AND #ttl > :now',
        ExpressionAttributeNames: fresh ? { '#ttl': 'ttl' } : { '#ttl': 'ttl', '#version': 'version' },
        ExpressionAttributeValues: {
          ':now': N(now().getTime() / 1000),
          ...(fresh ? {} : { ':expected': N(write.expectedVersion ?? 0) }),
        },
      },
    },
  };
};

/**
 * The correlation store on a DynamoDB table of its own (`CORRELATION_TABLE`, partition key `pk`;
 * TTL on `ttl`; serverless/resources-incidents.yml): one item per
 * (correlation, group) under `correlation#<key>` holding `correlationId`, `groupKey`, `version`,
 * `ttl` and the kept matches, fired windows and context as JSON in `state`; one marker item per
 * (state, source) under {@link correlationSourceKey}.
 *
 * - `get`: BatchGetItem, strongly consistent, unprocessed keys asked again with backoff; an item
 *   whose `ttl` has passed reads as absent (DynamoDB deletes expired items up to days late).
 * - `apply`: one TransactWriteItems: Put the source marker if it does not exist, and Put the state
 *   if its version is still the one read (and it has not expired), or, when none was read, if
 *   there is none or it has expired. A cancelled marker is `'duplicate'`; a cancelled state write
 *   or a conflicting transaction `'conflict'`.
 * - `applyAll`: the writes of one source in one TransactWriteItems per 99 writes (under 4 MB),
 *   one after another: the state writes and one marker for them all,
 *   `correlation-source#batch-<sha256(keys)[0:32]>#<sha256(source)[0:32]>` (put if absent or
 *   expired), or the write's own marker when it goes alone. A file's states cost one round trip,
 *   and a file folded again finds its marker: `'duplicate'` for every write of that transaction.
 *   A cancelled transaction's CancellationReasons say which writes were `'conflict'`; the rest of
 *   it is `'unapplied'`.
 * - `keys`: a Scan of the `correlation#` items, their key and correlation id projected (the
 *   end-of-run judgement and the scheduled judge; not on the hot path). A Scan is billed for every
 *   item it reads, markers included, whatever the filter keeps.
 *
 * Service errors reach the caller after the client's retries, so the invocation fails and is retried.
 * @param client - a DynamoDB client (lib/aws/clients.ts)
 * @param tableName - the correlation table (`CORRELATION_TABLE`)
 * @param now - the clock that decides expiry
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
 */
export const dynamoCorrelationStore = (
  client: DynamoDBClient,
  tableName: string,
  now: Clock = () => new Date()
): CorrelationStore => ({
  get: async (keys) => {
    const found = new Map<string, StoredCorrelation>();
    const nowSeconds = now().getTime() / 1000;
    const items = await batchGetConsistent(
      client,
      tableName,
      keys.map(correlationItemKey),
      (unprocessed) =>
        new CorrelationTableError(
          tableName,
          `${unprocessed} keys still unprocessed after ${UNPROCESSED_KEYS_ATTEMPTS} reads`
        )
    );
    for (const item of items) {
      const state = stateOf(tableName, item);
      if (state.expiresAt > nowSeconds) found.set(state.key, state);
    }
    return found;
  },

  apply: async (write: CorrelationWrite): Promise<CorrelationWriteResult> =>
    sendMarkedWrite(client, markedWriteOf(tableName, write, now)),

  applyAll: async (writes) =>
    sendWritesOfOneSource(
      client,
      tableName,
      'correlation-source#batch-',
      writes,
      (w) => markedWriteOf(tableName, w, now),
      now().getTime()
    ),

  keys: async (correlationIds) => {
    const keys: string[] = [];
    const nowSeconds = now().getTime() / 1000;
    let start: Record<string, AttributeValue> | undefined;
    do {
      const out = await client.send(
        new ScanCommand({
          TableName: tableName,
          FilterExpression: 'begins_with(pk, :prefix) AND #ttl > :now',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':prefix': S('correlation#'), ':now': N(nowSeconds) },
          ProjectionExpression: 'pk, correlationId',
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        })
      );
      for (const item of out.Items ?? []) {
        if (!item.pk?.S) continue;
        if (correlationIds !== undefined && !correlationIds.has(item.correlationId?.S ?? '')) continue;
        keys.push(item.pk.S.slice('correlation#'.length));
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return keys.sort();
  },
});
