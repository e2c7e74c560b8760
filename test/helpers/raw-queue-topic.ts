import { CreateTopicCommand, type SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/**
 * Creates an SNS topic with an SQS queue subscribed by raw message delivery, so each queued body
 * is one message as published: what a test reads to see what a sink delivered.
 * @param sns - the SNS client (moto)
 * @param sqs - the SQS client (moto)
 * @param topicName - the topic's name
 * @param queueName - the queue's name (the topic's by default)
 * @returns the topic's ARN and the queue's URL
 */
export const rawQueueTopic = async (
  sns: SNSClient,
  sqs: SQSClient,
  topicName: string,
  queueName = topicName
): Promise<{ TopicArn: string; QueueUrl: string }> => {
  const { TopicArn = '' } = await sns.send(new CreateTopicCommand({ Name: topicName }));
  const { QueueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: queueName }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  await sns.send(
    new SubscribeCommand({
      TopicArn,
      Protocol: 'sqs',
      Endpoint: Attributes?.QueueArn ?? '',
      Attributes: { RawMessageDelivery: 'true' },
    })
  );
  return { TopicArn, QueueUrl };
};

/**
 * Every message the queue holds now, received until a receive comes back empty.
 * @param sqs - the SQS client (moto)
 * @param QueueUrl - the queue
 */
export const drainQueue = async (sqs: SQSClient, QueueUrl: string): Promise<Message[]> => {
  const all: Message[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    if (Messages.length === 0) return all;
    all.push(...Messages);
  }
};
