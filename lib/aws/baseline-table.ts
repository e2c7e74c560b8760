import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { BaselineRead, BaselineStore, StoredBaseline } from '../model/baseline.js';
import { TrailwatchError } from '../model/errors.js';
import type { Clock } from '../model/ports.js';
import { batchGetConsistent, N, S, UNPROCESSED_KEYS_ATTEMPTS } from './dynamodb-items.js';

/** Where a baseline lives in the incident table: `baseline#<id>`. */
export const baselineItemKey = (id: string): string => `baseline#${id}`;

/** The item that holds the deployment's first eventTime (`start`, epoch ms). */
export const DEPLOYMENT_ITEM_KEY = 'baseline-deployment';

/** A baseline read that cannot go on: a malformed item, keys never processed. */
export class BaselineTableError extends TrailwatchError {
  constructor(table: string, message: string, options?: ErrorOptions) {
    super(`incident table ${table} (first-seen baselines): ${message}`, options);
    this.name = 'BaselineTableError';
  }
}

const baselineOf = (table: string, item: Record<string, AttributeValue>): StoredBaseline => {
  const pk = item.pk?.S ?? '?';
  const expiresAt = Number(item.ttl?.N);
  const { ruleId, entity, firstSeen, source } = {
    ruleId: item.ruleId?.S,
    entity: item.entity?.S,
    firstSeen: item.firstSeen?.S,
    source: item.source?.S,
  };
  if (
    ruleId === undefined ||
    entity === undefined ||
    firstSeen === undefined ||
    source === undefined ||
    item.alerted?.BOOL === undefined ||
    !Number.isFinite(expiresAt)
  )
    throw new BaselineTableError(
      table,
      `item ${pk} is damaged (ruleId, entity, firstSeen, source, alerted or ttl missing)`
    );
  return {
    id: pk.slice('baseline#'.length),
    ruleId,
    entity,
    ...(item.key?.S !== undefined && { key: item.key.S }),
    firstSeen,
    source,
    alerted: item.alerted.BOOL,
    expiresAt,
  };
};

/**
 * The first-seen baselines on the incident table (partition key `pk`; TTL on `ttl`): one item per
 * (rule, entity, key), and one per (rule, entity) marker, under `baseline#<id>` holding `ruleId`,
 * `entity`, `key`, `firstSeen`, `source`, `alerted` and `ttl`; the deployment's first eventTime in
 * `baseline-deployment` (`start`, no TTL). Only BatchGetItem and UpdateItem, the incident table's
 * existing grants.
 *
 * - `read`: one BatchGetItem (strongly consistent; unprocessed keys asked again with backoff) of
 *   the baselines and the deployment item; a baseline whose `ttl` has passed reads as absent.
 * - `claim`: UpdateItem that creates the item on condition `attribute_not_exists(pk) OR ttl <= now`:
 *   of concurrent claims exactly one passes its condition.
 * - `extend`: UpdateItem of `ttl` on condition the item is live and its `ttl` earlier.
 * - `noteStart`: UpdateItem of `start` on condition there is none or it is later.
 *
 * Service errors reach the caller after the client's retries, so the invocation fails and is retried.
 * @param client - a DynamoDB client (lib/aws/clients.ts)
 * @param tableName - the incident table
 * @param now - the clock that decides expiry
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html
 */
export const dynamoBaselineStore = (
  client: DynamoDBClient,
  tableName: string,
  now: Clock = () => new Date()
): BaselineStore => {
  const conditional = async (command: UpdateItemCommand): Promise<boolean> => {
    try {
      await client.send(command);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  };
  return {
    read: async (ids): Promise<BaselineRead> => {
      const nowSeconds = now().getTime() / 1000;
      const items = await batchGetConsistent(
        client,
        tableName,
        [DEPLOYMENT_ITEM_KEY, ...ids.map(baselineItemKey)],
        (unprocessed) =>
          new BaselineTableError(
            tableName,
            `${unprocessed} keys still unprocessed after ${UNPROCESSED_KEYS_ATTEMPTS} reads`
          )
      );
      const baselines = new Map<string, StoredBaseline>();
      let deploymentStart: number | undefined;
      for (const item of items) {
        if (item.pk?.S === DEPLOYMENT_ITEM_KEY) {
          deploymentStart = Number(item.start?.N);
          if (!Number.isFinite(deploymentStart))
            throw new BaselineTableError(tableName, `item ${DEPLOYMENT_ITEM_KEY} is damaged (no start)`);
          continue;
        }
        const baseline = baselineOf(tableName, item);
        if (baseline.expiresAt > nowSeconds) baselines.set(baseline.id, baseline);
      }
      return { baselines, ...(deploymentStart !== undefined && { deploymentStart }) };
    },

    claim: (baseline) =>
      conditional(
        new UpdateItemCommand({
          TableName: tableName,
          Key: { pk: S(baselineItemKey(baseline.id)) },
          UpdateExpression:
            'SET ruleId = :rule, #entity = :entity, firstSeen = :first, #source = :source, alerted = :alerted, #ttl = :ttl' +
            (baseline.key === undefined ? ' REMOVE #key' : ', #key = :key'),
          ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :now',
          ExpressionAttributeNames: { '#source': 'source', '#ttl': 'ttl', '#key': 'key', '#entity': 'entity' },
          ExpressionAttributeValues: {
            ':rule': S(baseline.ruleId),
            ':entity': S(baseline.entity),
            ':first': S(baseline.firstSeen),
            ':source': S(baseline.source),
            ':alerted': { BOOL: baseline.alerted },
            ':ttl': N(baseline.expiresAt),
            ':now': N(now().getTime() / 1000),
            ...(baseline.key !== undefined && { ':key': S(baseline.key) }),
          },
        })
      ),

    extend: async (id, expiresAt) => {
      await conditional(
        new UpdateItemCommand({
          TableName: tableName,
          Key: { pk: S(baselineItemKey(id)) },
          UpdateExpression: 'SET #ttl = :ttl',
          ConditionExpression: 'attribute_exists(pk) AND #ttl > :now AND #ttl < :ttl',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':ttl': N(expiresAt), ':now': N(now().getTime() / 1000) },
        })
      );
    },

    noteStart: async (time) => {
      await conditional(
        new UpdateItemCommand({
          TableName: tableName,
          Key: { pk: S(DEPLOYMENT_ITEM_KEY) },
          UpdateExpression: 'SET #start = :start',
          ConditionExpression: 'attribute_not_exists(#start) OR #start > :start',
          ExpressionAttributeNames: { '#start': 'start' },
          ExpressionAttributeValues: { ':start': N(time) },
        })
      );
    },
  };
};
