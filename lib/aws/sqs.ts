import type { SQSClient } from '@aws-sdk/client-sqs';
import { type ClientOrLazy, clientOf } from './clients.js';
import type { ObjectRef } from '../model/object-ref.js';
import { s3Notification } from '../sources/s3-notification.js';

/**
 * Hands a digest file to the verifier by sending the same S3 notification shape to its queue,
 * so the verifier reads one trigger format whatever announced the object.
 * @param sqs - the client, or a LazyClient (Clients.sqs: the SDK package loads on the first call,
 *   as a digest file comes once an hour)
 * @throws the SDK's error after its retries (the ingest invocation then fails and is retried)
 */
export const forwardToQueue = async (sqs: ClientOrLazy<SQSClient>, queueUrl: string, ref: ObjectRef): Promise<void> => {
  const [client, { SendMessageCommand }] = await Promise.all([clientOf(sqs), import('@aws-sdk/client-sqs')]);
  await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(s3Notification(ref)) }));
};

/**
 * The digest forwarder of the ingest function: {@link forwardToQueue} bound to the digest queue, or
 * undefined when no queue is configured (local runs leave digest files alone).
 */
export const digestForwarder = (
  sqs: ClientOrLazy<SQSClient>,
  queueUrl: string | undefined
): ((ref: ObjectRef) => Promise<void>) | undefined =>
  queueUrl ? (ref: ObjectRef) => forwardToQueue(sqs, queueUrl, ref) : undefined;
