import type { PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import { PublishCommand } from '@aws-sdk/client-sns';

/**
 * Publishes one message to an SNS topic: the only place trailwatch calls SNS.
 * @returns the MessageId SNS assigned
 * @throws the SDK's error once its own retries are spent
 */
export const publishMessage = async (sns: SNSClient, input: PublishCommandInput): Promise<string | undefined> => {
  const out = await sns.send(new PublishCommand(input));
  return out.MessageId;
};
