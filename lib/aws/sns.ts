import type { PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import { type ClientOrLazy, clientOf } from './clients.js';

/**
 * Publishes one message to an SNS topic: the only place trailwatch calls SNS.
 * @param sns - the client, or a LazyClient (AlertClients.sns: the SDK package loads on the first call)
 * @returns the MessageId SNS assigned
 * @throws the SDK's error once its own retries are spent
 */
export const publishMessage = async (
  sns: ClientOrLazy<SNSClient>,
  input: PublishCommandInput
): Promise<string | undefined> => {
  const [client, { PublishCommand }] = await Promise.all([clientOf(sns), import('@aws-sdk/client-sns')]);
  const out = await client.send(new PublishCommand(input));
  return out.MessageId;
};
