import { sha256Hex } from '../model/sha256-hex.js';
import {
  type AttributeValue,
  BatchGetItemCommand,
  type DynamoDBClient,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';

/*
 * What the incident and correlation stores share on their one table: attribute builders, the
 * consistent batch read that asks again for unprocessed keys, and the reading of a cancelled
 * "source marker + conditional write" transaction.
 */

/** BatchGetItem reads at most 100 keys per call. */
const BATCH_GET_MAX_KEYS = 100;

/** How many BatchGetItem calls a read makes for keys DynamoDB left unprocessed before it fails. */
export const UNPROCESSED_KEYS_ATTEMPTS = 8;

/** A string attribute. */
export const S = (value: string): AttributeValue => ({ S: value });
/** A number attribute. */
export const N = (value: number): AttributeValue => ({ N: String(value) });

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One store's read waiting for the client's next BatchGetItem. */
type WaitingRead = {
  tableName: string;
  pks: readonly string[];
  giveUp: (unprocessed: number) => Error;
  resolve: (items: Array<Record<string, AttributeValue>>) => void;
  reject: (error: unknown) => void;
};

/** The reads each client has waiting for the end of the current turn of the event loop. */
const waitingReads = new WeakMap<DynamoDBClient, WaitingRead[]>();

/**
 * Reads items by partition key `pk`, strongly consistent. Reads of any table through one client
 * issued in the same turn of the event loop go out together, in one BatchGetItem per 100 keys
 * (a log file's incidents, correlation states and baselines read at once cost one round trip);
 * keys DynamoDB left unprocessed are asked again with jittered backoff.
 * @param pks - partition keys (duplicates read once)
 * @param giveUp - the error to throw when keys of this read are still unprocessed after
 *   {@link UNPROCESSED_KEYS_ATTEMPTS} calls, given how many
 * @returns the items found, in no particular order
 */
export const batchGetConsistent = (
  client: DynamoDBClient,
  tableName: string,
  pks: readonly string[],
  giveUp: (unprocessed: number) => Error
): Promise<Array<Record<string, AttributeValue>>> => {
  if (pks.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    let waiting = waitingReads.get(client);
    if (waiting === undefined) {
      const reads: WaitingRead[] = [];
      waiting = reads;
      waitingReads.set(client, reads);
      setImmediate(() => {
        waitingReads.delete(client);
        void readTogether(client, reads);
      });
    }
    waiting.push({ tableName, pks, giveUp, resolve, reject });
  });
};

/** Sends the waiting reads as BatchGetItem calls of at most 100 keys, and hands each read its items. */
const readTogether = async (client: DynamoDBClient, reads: readonly WaitingRead[]): Promise<void> => {
  const keys = new Map<string, { tableName: string; pk: string }>();
  for (const read of reads)
    for (const pk of read.pks) keys.set(`${read.tableName}\u0000${pk}`, { tableName: read.tableName, pk });
  const found = new Map<string, Array<Record<string, AttributeValue>>>();
  const unprocessed = new Set<string>();
  try {
    const all = [...keys.values()];
    for (let from = 0; from < all.length; from += BATCH_GET_MAX_KEYS) {
      let pending = all.slice(from, from + BATCH_GET_MAX_KEYS);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt === UNPROCESSED_KEYS_ATTEMPTS) {
          for (const k of pending) unprocessed.add(`${k.tableName}\u0000${k.pk}`);
          break;
        }
        if (attempt > 0) await pause(Math.random() * Math.min(1_000, 25 * 2 ** attempt));
        const request: Record<string, { Keys: Array<Record<string, AttributeValue>>; ConsistentRead: true }> = {};
        for (const k of pending) {
          const table = request[k.tableName] ?? { Keys: [], ConsistentRead: true };
          table.Keys.push({ pk: S(k.pk) });
          request[k.tableName] = table;
        }
        const out = await client.send(new BatchGetItemCommand({ RequestItems: request }));
        for (const [tableName, items] of Object.entries(out.Responses ?? {}))
          found.set(tableName, [...(found.get(tableName) ?? []), ...items]);
        pending = Object.entries(out.UnprocessedKeys ?? {}).flatMap(([tableName, left]) =>
          (left.Keys ?? []).map((key) => ({ tableName, pk: key.pk?.S ?? '' }))
        );
      }
    }
  } catch (error) {
    for (const read of reads) read.reject(error);
    return;
  }
  for (const read of reads) {
    const left = new Set(read.pks.filter((pk) => unprocessed.has(`${read.tableName}\u0000${pk}`))).size;
    if (left > 0) {
      read.reject(read.giveUp(left));
      continue;
    }
    const mine = new Set(read.pks);
    read.resolve((found.get(read.tableName) ?? []).filter((item) => mine.has(item.pk?.S ?? '')));
  }
};

/**
 * What a cancelled two-item transaction (the source marker first, then the conditional write of
 * the state it folds into) means: the marker existed, so the source was folded in before; or the
 * state changed since it was read (or another transaction touched it).
 * @throws the error itself when it is anything else (throttling after the client's retries…)
 */
export const markedWriteCancelled = (error: unknown): 'duplicate' | 'conflict' => {
  if (!(error instanceof TransactionCanceledException)) throw error;
  const [marker, state] = (error.CancellationReasons ?? []).map((r) => r.Code);
  if (marker === 'ConditionalCheckFailed') return 'duplicate';
  if (state === 'ConditionalCheckFailed') return 'conflict';
  if (marker === 'TransactionConflict' || state === 'TransactionConflict') return 'conflict';
  throw error;
};

/** TransactWriteItems takes at most 100 items. */
export const TRANSACT_MAX_ITEMS = 100;

/**
 * The bytes of items (as JSON, a little over their DynamoDB size) one transaction carries at most:
 * DynamoDB refuses a transaction over 4 MB, and an incident or correlation item may hold up to
 * a few hundred KB.
 */
export const TRANSACT_MAX_BYTES = 3_500_000;

/**
 * One write of a source into one item: the item's conditional write, and the marker that says the
 * source was folded into it when the write goes alone (put if absent).
 */
export type MarkedWrite = { marker: TransactWriteItem; write: TransactWriteItem; expiresAt: number };

/** What happened to one marked write of a transaction (see IncidentBatchResult). */
export type MarkedWriteResult = 'applied' | 'duplicate' | 'conflict' | 'unapplied';

/**
 * The marker that says the source was folded into all the items of one transaction of several
 * writes, given the expiry (epoch seconds) of the latest of them; put if absent or expired.
 */
export type SharedMarker = (expiresAt: number) => TransactWriteItem;

/**
 * Cuts writes into transactions, in order: one marker and at most 99 writes
 * ({@link TRANSACT_MAX_ITEMS} items), at most {@link TRANSACT_MAX_BYTES} each (a write larger than
 * that alone still gets its own).
 * @returns the indexes of the writes of each transaction
 */
export const transactionsOf = (writes: readonly MarkedWrite[]): number[][] => {
  const chunks: number[][] = [];
  let chunk: number[] = [];
  let bytes = 0;
  writes.forEach((w, i) => {
    const size = JSON.stringify(w.write).length;
    if (chunk.length > 0 && (chunk.length + 2 > TRANSACT_MAX_ITEMS || bytes + size > TRANSACT_MAX_BYTES)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(i);
    bytes += size;
  });
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
};

/** The items of a write that goes alone: its marker, then the write. */
export const transactItemsOf = (w: MarkedWrite): TransactWriteItem[] => [w.marker, w.write];

/**
 * The marker item of a transaction of several writes of `source`: `<prefix><sha256(keys)[0:32]>#<sha256(source)[0:32]>`,
 * the keys sorted; put if absent, or if present but expired (its `ttl` is the latest of the
 * items' expiry, and DynamoDB deletes expired items days late).
 */
export const sharedMarker =
  (tableName: string, prefix: string, source: string, keys: readonly string[], now: number): SharedMarker =>
  (expiresAt) => ({
    Put: {
      TableName: tableName,
      Item: {
        pk: S(`${prefix}${shortHash([...keys].sort().join('\u0000'))}#${shortHash(source)}`),
        source: S(source),
        ttl: N(expiresAt),
      },
      ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :now',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':now': N(now / 1000) },
    },
  });

/**
 * Sends the writes of one source in as few TransactWriteItems as {@link transactionsOf} cuts, one
 * after another (moto_server fails transactions that overlap). A transaction of one write
 * carries that write's own marker; one of several carries a single marker for all of them
 * (`shared`, from the keys of its items), so a file costs one marker item per transaction and a
 * retried file finds each of its transactions applied. A transaction is written whole or not at
 * all: when DynamoDB cancels one, its CancellationReasons say which writes failed (the marker
 * existed: all `duplicate`; a write's condition failed or another transaction held its item:
 * `conflict`), and the others of that transaction are `unapplied`.
 * @param shared - the marker of a transaction of several writes, by their indexes
 * @throws what the client throws for anything else (throttling after its retries, a validation
 *   error), and the cancellation itself when it names no failed write
 */
export const transactMarkedWrites = async (
  client: DynamoDBClient,
  writes: readonly MarkedWrite[],
  shared: (indexes: readonly number[]) => SharedMarker
): Promise<MarkedWriteResult[]> => {
  const results: MarkedWriteResult[] = writes.map(() => 'applied');
  for (const chunk of transactionsOf(writes)) {
    const mine = chunk.map((i) => writes[i] as MarkedWrite);
    const [only] = mine;
    const marker =
      mine.length === 1 && only !== undefined
        ? only.marker
        : shared(chunk)(mine.reduce((latest, w) => Math.max(latest, w.expiresAt), 0));
    try {
      await client.send(new TransactWriteItemsCommand({ TransactItems: [marker, ...mine.map((w) => w.write)] }));
    } catch (error) {
      const outcome = cancelledWrites(error, mine.length);
      chunk.forEach((i, n) => {
        results[i] = outcome[n] as MarkedWriteResult;
      });
    }
  }
  return results;
};

/**
 * One marked write in a transaction of its own (marker and write).
 * @returns 'applied', or what its cancellation says ({@link markedWriteCancelled})
 */
export const sendMarkedWrite = async (
  client: DynamoDBClient,
  write: MarkedWrite
): Promise<'applied' | 'duplicate' | 'conflict'> => {
  try {
    await client.send(new TransactWriteItemsCommand({ TransactItems: transactItemsOf(write) }));
    return 'applied';
  } catch (error) {
    return markedWriteCancelled(error);
  }
};

/**
 * A store's `applyAll`: the writes of one source through {@link transactMarkedWrites}, a
 * transaction of several marked by one {@link sharedMarker} under `markerPrefix`.
 * @param markedOf - a write as its table marks it
 * @throws TypeError when the writes name more than one source
 */
export const sendWritesOfOneSource = <W extends { source: string; next: { key: string } }>(
  client: DynamoDBClient,
  tableName: string,
  markerPrefix: string,
  writes: readonly W[],
  markedOf: (write: W) => MarkedWrite,
  nowMs: number
): Promise<MarkedWriteResult[]> => {
  const source = writes[0]?.source ?? '';
  if (writes.some((w) => w.source !== source)) throw new TypeError('applyAll takes the writes of one source');
  return transactMarkedWrites(client, writes.map(markedOf), (indexes) =>
    sharedMarker(
      tableName,
      markerPrefix,
      source,
      indexes.map((i) => writes[i]?.next.key ?? ''),
      nowMs
    )
  );
};

/** Reads a cancelled transaction of one marker and `writes` writes. */
const cancelledWrites = (error: unknown, writes: number): MarkedWriteResult[] => {
  if (!(error instanceof TransactionCanceledException)) throw error;
  const codes = (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
  const marker = codes[0] ?? 'None';
  if (marker === 'ConditionalCheckFailed') return Array.from({ length: writes }, () => 'duplicate');
  if (marker === 'TransactionConflict') return Array.from({ length: writes }, () => 'conflict');
  if (marker !== 'None') throw error;
  const outcome = Array.from({ length: writes }, (_, n): MarkedWriteResult => {
    const code = codes[n + 1] ?? 'None';
    if (code === 'ConditionalCheckFailed' || code === 'TransactionConflict') return 'conflict';
    if (code === 'None') return 'unapplied';
    throw error;
  });
  if (!outcome.includes('conflict')) throw error;
  return outcome;
};

/** The sha256 of a text, its first 32 hex digits (marker keys). */
export const shortHash = (text: string): string => sha256Hex(text).slice(0, 32);
