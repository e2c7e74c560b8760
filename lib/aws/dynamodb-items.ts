import {
  type AttributeValue,
  BatchGetItemCommand,
  type DynamoDBClient,
  TransactionCanceledException,
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

/**
 * Reads items by partition key `pk`, strongly consistent, 100 keys per call; keys DynamoDB left
 * unprocessed are asked again with jittered backoff.
 * @param pks - partition keys (duplicates read once)
 * @param giveUp - the error to throw when keys are still unprocessed after
 *   {@link UNPROCESSED_KEYS_ATTEMPTS} calls, given how many
 * @returns the items found, in no particular order
 */
export const batchGetConsistent = async (
  client: DynamoDBClient,
  tableName: string,
  pks: readonly string[],
  giveUp: (unprocessed: number) => Error
): Promise<Array<Record<string, AttributeValue>>> => {
  const items: Array<Record<string, AttributeValue>> = [];
  const unique = [...new Set(pks)];
  for (let from = 0; from < unique.length; from += BATCH_GET_MAX_KEYS) {
    let pending: Array<Record<string, AttributeValue>> = unique
      .slice(from, from + BATCH_GET_MAX_KEYS)
      .map((pk) => ({ pk: S(pk) }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt === UNPROCESSED_KEYS_ATTEMPTS) throw giveUp(pending.length);
      if (attempt > 0) await pause(Math.random() * Math.min(1_000, 25 * 2 ** attempt));
      const out = await client.send(
        new BatchGetItemCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } })
      );
      items.push(...(out.Responses?.[tableName] ?? []));
      pending = out.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return items;
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
