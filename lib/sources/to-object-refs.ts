import { decodeS3EventKey } from '../cloudtrail/parse-key.js';
import { UnknownEventError } from '../model/errors.js';
import type { ObjectRef } from '../model/object-ref.js';
import { type Check, fits } from './check-shape.js';
import {
  CloudTrailSnsMessage,
  ObjectCreated,
  S3Event,
  S3TestEvent,
  SnsEvent,
  SnsSqsNotification,
  SnsSubscriptionConfirmation,
  SqsEvent,
} from './envelope-shapes.js';

/* Every way a new object is announced: the shapes are in envelope-shapes.ts. */

type S3Notification = {
  Records: Array<{
    eventName: string;
    s3: { bucket: { name: string }; object: { key: string; size?: number; versionId?: string } };
  }>;
};
type ObjectCreatedEvent = {
  detail: { bucket: { name: string }; object: { key: string; size?: number; 'version-id'?: string } };
};

/** Throws UnknownEventError naming the first problem when `value` does not fit. */
const expectShape = (check: Check, value: unknown, what: string): void => {
  const problem = check(value, '');
  if (problem !== undefined) throw new UnknownEventError(`${what}: ${problem}`);
};

const parseJson = (text: string, where: string): unknown => {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UnknownEventError(`${where} is not JSON`, { cause: error });
  }
};

const isRecordsOf = (event: unknown, field: string, value: string): boolean => {
  const records = (event as { Records?: unknown })?.Records;
  return Array.isArray(records) && records.length > 0 && (records[0] as Record<string, unknown>)?.[field] === value;
};

/**
 * Turns any trigger into the objects it announces.
 *
 * Accepts an S3 event notification; the same inside SQS (`body`) or SNS (`Sns.Message`), nested
 * in any order; the SNS JSON envelope an SQS queue receives without raw delivery; CloudTrail's
 * own SNS message (`{"s3Bucket", "s3ObjectKey": […]}`); and EventBridge `Object Created`.
 * Keys from S3 notifications are form-decoded; CloudTrail's and EventBridge's are taken raw.
 * S3's `s3:TestEvent` yields no objects. Removal events (`ObjectRemoved:*`) are skipped. An SNS
 * subscription confirmation is refused with an error that says how to confirm it.
 *
 * @param event - the Lambda event, or a parsed SQS body / SNS message
 * @returns the announced objects, in order
 * @throws UnknownEventError when the event is of no known shape, an SNS subscription confirmation,
 * or an SQS or SNS event whose records do not have the envelope's fields (naming the first one that is wrong)
 * @example
 * toObjectRefs({ s3Bucket: 'trail-bucket', s3ObjectKey: ['AWSLogs/…json.gz'] })
 * // [{ bucket: 'trail-bucket', key: 'AWSLogs/…json.gz' }]
 */
export const toObjectRefs = (event: unknown): ObjectRef[] => {
  if (isRecordsOf(event, 'eventSource', 'aws:sqs')) {
    expectShape(SqsEvent, event, 'SQS event');
    return (event as { Records: Array<{ body: string }> }).Records.flatMap((r) => fromSqsBody(r.body));
  }
  if (isRecordsOf(event, 'EventSource', 'aws:sns')) {
    expectShape(SnsEvent, event, 'SNS event');
    return (event as { Records: Array<{ Sns: { Message: string } }> }).Records.flatMap((r) =>
      toObjectRefs(parseJson(r.Sns.Message, 'SNS message'))
    );
  }
  if (fits(S3Event, event)) {
    return (event as S3Notification).Records.filter((r) => r.eventName.startsWith('ObjectCreated:')).map((r) => ({
      bucket: r.s3.bucket.name,
      key: decodeS3EventKey(r.s3.object.key),
      ...(r.s3.object.size !== undefined && { size: r.s3.object.size }),
      ...(r.s3.object.versionId !== undefined && { versionId: r.s3.object.versionId }),
    }));
  }
  if (fits(S3TestEvent, event)) return [];
  if (fits(CloudTrailSnsMessage, event)) {
    const { s3Bucket, s3ObjectKey } = event as { s3Bucket: string; s3ObjectKey: string[] };
    return s3ObjectKey.map((key) => ({ bucket: s3Bucket, key }));
  }
  if (fits(ObjectCreated, event)) {
    const { bucket, object: created } = (event as ObjectCreatedEvent).detail;
    return [
      {
        bucket: bucket.name,
        key: created.key,
        ...(created.size !== undefined && { size: created.size }),
        ...(created['version-id'] !== undefined && { versionId: created['version-id'] }),
      },
    ];
  }
  if (fits(SnsSqsNotification, event))
    return toObjectRefs(parseJson((event as { Message: string }).Message, 'SNS message'));
  if (fits(SnsSubscriptionConfirmation, event)) {
    // Not skipped: until someone confirms it the topic's notifications never arrive, so the
    // message must reach the dead-letter queue and its alarm. The token stays out of the logs.
    const topic = (event as { TopicArn: string }).TopicArn;
    throw new UnknownEventError(
      `SNS subscription confirmation from ${topic}: no notification of the topic arrives until the subscription is confirmed (aws sns confirm-subscription --topic-arn ${topic} --token <the Token of this message>)`
    );
  }
  throw new UnknownEventError(`unknown trigger: ${describe(event)}`);
};

/**
 * The objects one SQS message body announces (the body is an S3 event, an SNS envelope, an
 * EventBridge event or CloudTrail's SNS message). Used per record for partial batch failures.
 * @throws UnknownEventError when the body is not JSON or of no known shape
 */
export const fromSqsBody = (body: string): ObjectRef[] => toObjectRefs(parseJson(body, 'SQS message body'));

const describe = (event: unknown): string => {
  if (event === null || typeof event !== 'object') return typeof event;
  return `object with keys ${Object.keys(event).slice(0, 8).join(', ')}`;
};
