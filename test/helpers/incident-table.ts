import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

let tables = 0;

/**
 * Creates an incident table as serverless/resources-incidents.yml declares it (partition key
 * `pk`, a string; on demand) under a fresh name, and returns the name.
 */
export const createIncidentTable = async (client: DynamoDBClient, prefix = 'incidents'): Promise<string> => {
  const name = `${prefix}-${process.pid}-${++tables}`;
  await client.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    })
  );
  return name;
};
