import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { dynamoIncidentStore } from '../../lib/aws/incident-table.js';
import { createDynamoDbClient } from '../../lib/aws/clients.js';
import { describeIncidentStoreContract } from '../incidents/incident-store-contract.js';
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
