import { SnsSqsNotificationSchema, SnsSchema, SqsSchema } from '@aws-lambda-powertools/parser/schemas';
import { z } from 'zod';
import { decodeS3EventKey } from '../cloudtrail/parse-key.js';
import { UnknownEventError } from '../model/errors.js';
import type { ObjectRef } from '../model/object-ref.js';

/*
 * Every way a new object is announced, after
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html,
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/configure-sns-notifications-for-cloudtrail.html and
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html.
 * Powertools' SQS and SNS schemas check the envelopes. The S3 record schema is our own and
 * lenient: Powertools' requires an IPv4 `sourceIPAddress` and an `ownerIdentity`, which valid
 * notifications (IPv6 callers, S3-compatible stores) do not always carry.
 */

const S3RecordSchema = z.object({
  eventSource: z.literal('aws:s3'),
  eventName: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({ key: z.string().min(1), size: z.number().optional(), versionId: z.string().optional() }),
  }),
});
const S3EventSchema = z.object({ Records: z.array(S3RecordSchema).min(1) });

const S3TestEventSchema = z.object({ Event: z.literal('s3:TestEvent') });

const CloudTrailSnsMessageSchema = z.object({
  s3Bucket: z.string().min(1),
  s3ObjectKey: z.array(z.string().min(1)),
});

const ObjectCreatedSchema = z.object({
  source: z.literal('aws.s3'),
  'detail-type': z.literal('Object Created'),
  detail: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({ key: z.string().min(1), size: z.number().optional(), 'version-id': z.string().optional() }),
  }),
});

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
 * S3's `s3:TestEvent` yields no objects. Removal events (`ObjectRemoved:*`) are skipped.
 *
 * @param event - the Lambda event, or a parsed SQS body / SNS message
 * @returns the announced objects, in order
 * @throws UnknownEventError when the event is of no known shape
 * @example
 * toObjectRefs({ s3Bucket: 'trail-bucket', s3ObjectKey: ['AWSLogs/…json.gz'] })
 * // [{ bucket: 'trail-bucket', key: 'AWSLogs/…json.gz' }]
 */
export const toObjectRefs = (event: unknown): ObjectRef[] => {
  if (isRecordsOf(event, 'eventSource', 'aws:sqs')) {
    const sqs = SqsSchema.parse(event);
    return sqs.Records.flatMap((record) => fromSqsBody(record.body));
  }
  if (isRecordsOf(event, 'EventSource', 'aws:sns')) {
    const sns = SnsSchema.parse(event);
    return sns.Records.flatMap((record) => toObjectRefs(parseJson(record.Sns.Message, 'SNS message')));
  }
  const s3 = S3EventSchema.safeParse(event);
  if (s3.success) {
    return s3.data.Records.filter((record) => record.eventName.startsWith('ObjectCreated:')).map((record) => ({
      bucket: record.s3.bucket.name,
      key: decodeS3EventKey(record.s3.object.key),
      ...(record.s3.object.size !== undefined && { size: record.s3.object.size }),
      ...(record.s3.object.versionId !== undefined && { versionId: record.s3.object.versionId }),
    }));
  }
  if (S3TestEventSchema.safeParse(event).success) return [];
  const cloudTrail = CloudTrailSnsMessageSchema.safeParse(event);
  if (cloudTrail.success) {
    return cloudTrail.data.s3ObjectKey.map((key) => ({ bucket: cloudTrail.data.s3Bucket, key }));
  }
  const created = ObjectCreatedSchema.safeParse(event);
  if (created.success) {
    const { bucket, object } = created.data.detail;
    return [
      {
        bucket: bucket.name,
        key: object.key,
        ...(object.size !== undefined && { size: object.size }),
        ...(object['version-id'] !== undefined && { versionId: object['version-id'] }),
      },
    ];
  }
  const envelope = SnsSqsNotificationSchema.safeParse(event);
  if (envelope.success) return toObjectRefs(parseJson(envelope.data.Message, 'SNS message'));
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
