import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ObjectRef } from '../model/object-ref.js';
import { s3Notification } from '../sources/s3-notification.js';

/**
 * Hands a digest file to the verifier by sending the same S3 notification shape to its queue,
 * so the verifier reads one trigger format whatever announced the object.
 * @throws the SDK's error after its retries (the ingest invocation then fails and is retried)
 */
export const forwardToQueue = async (sqs: SQSClient, queueUrl: string, ref: ObjectRef): Promise<void> => {
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(s3Notification(ref)) }));
};

/**
 * The digest forwarder of the ingest function: {@link forwardToQueue} bound to the digest queue, or
 * undefined when no queue is configured (local runs leave digest files alone).
 */
export const digestForwarder = (
  sqs: SQSClient,
  queueUrl: string | undefined
): ((ref: ObjectRef) => Promise<void>) | undefined =>
  queueUrl ? (ref: ObjectRef) => forwardToQueue(sqs, queueUrl, ref) : undefined;
