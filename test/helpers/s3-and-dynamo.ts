import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoDbClient } from '../../lib/aws/clients.js';
import { type MotoServer, startMoto } from './moto-server.js';
import { type LocalS3, startLocalS3 } from './s3rver.js';

/** s3rver and moto_server side by side, with a DynamoDB client of moto as a Lambda function builds it. */
export type S3AndDynamo = { s3: LocalS3; moto: MotoServer; dynamo: DynamoDBClient; close(): Promise<void> };

/**
 * Starts s3rver with `buckets` made and moto_server, for the tests of a Lambda path that reads
 * S3 and keeps state in DynamoDB; both servers stop if the set-up fails.
 * @param buckets - the buckets to create in s3rver
 */
export const startS3AndDynamo = async (buckets: readonly string[]): Promise<S3AndDynamo> => {
  const [s3, moto] = await Promise.all([startLocalS3(), startMoto()]);
  const close = async (dynamo?: DynamoDBClient) => {
    dynamo?.destroy();
    await Promise.all([s3.close(), moto.close()]);
  };
  try {
    for (const bucket of buckets) await s3.createBucket(bucket);
  } catch (error) {
    await close();
    throw error;
  }
  const dynamo = createDynamoDbClient('us-east-1', { AWS_ENDPOINT_URL_DYNAMODB: moto.endpoint });
  return { s3, moto, dynamo, close: () => close(dynamo) };
};
