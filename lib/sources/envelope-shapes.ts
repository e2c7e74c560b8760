import {
  array,
  type Check,
  literal,
  nullish,
  number,
  object,
  optional,
  record,
  string,
  url,
  utcDatetime,
} from './check-shape.js';

/*
 * Every way a new object is announced, after
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html,
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/configure-sns-notifications-for-cloudtrail.html and
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html.
 * The SQS and SNS envelopes are checked as Powertools' parser schemas check them
 * (@aws-lambda-powertools/parser `schemas/sqs` and `schemas/sns`), written out with lib/sources/check-shape.ts so that no
 * schema library weighs on the ingest and verify bundles. The S3 record shape is our own and
 * lenient: Powertools' requires an IPv4 `sourceIPAddress` and an `ownerIdentity`, which valid
 * notifications (IPv6 callers, S3-compatible stores) do not always carry.
 */

/** A message attribute of an SQS record. */
export const SqsMessageAttribute = object({
  stringValue: nullish(string()),
  binaryValue: nullish(string()),
  stringListValues: optional(array(string())),
  binaryListValues: optional(array(string())),
  dataType: string(),
});

/** One record of an SQS event (Powertools' `SqsRecordSchema`). */
export const SqsRecord = object({
  messageId: string(),
  receiptHandle: string(),
  body: string(),
  attributes: object({
    ApproximateReceiveCount: string(),
    ApproximateFirstReceiveTimestamp: string(),
    MessageDeduplicationId: optional(string()),
    MessageGroupId: optional(string()),
    SenderId: string(),
    SentTimestamp: string(),
    SequenceNumber: optional(string()),
    AWSTraceHeader: optional(string()),
    DeadLetterQueueSourceArn: optional(string()),
  }),
  messageAttributes: record(SqsMessageAttribute),
  md5OfBody: string(),
  md5OfMessageAttributes: nullish(string()),
  eventSource: literal('aws:sqs'),
  eventSourceARN: string(),
  awsRegion: string(),
});
/** An SQS event: at least one record (Powertools' `SqsSchema`). */
export const SqsEvent = object({ Records: array(SqsRecord, 1) });

/** The fields an SNS notification and the SNS envelope an SQS queue receives share. */
const snsNotificationFields: Record<string, Check> = {
  Subject: nullish(string()),
  TopicArn: string(),
  Type: literal('Notification'),
  MessageAttributes: optional(record(object({ Type: string(), Value: string() }))),
  Message: string(),
  MessageId: string(),
  Signature: optional(string()),
  SignatureVersion: optional(string()),
  Timestamp: utcDatetime,
};

/** An SNS event: at least one record (Powertools' `SnsSchema`). */
export const SnsEvent = object({
  Records: array(
    object({
      EventSource: literal('aws:sns'),
      EventVersion: string(),
      EventSubscriptionArn: string(),
      Sns: object({
        ...snsNotificationFields,
        UnsubscribeUrl: url,
        UnsubscribeURL: optional(url),
        SigningCertUrl: optional(url),
        SigningCertURL: optional(url),
      }),
    }),
    1
  ),
});

/** The SNS JSON envelope an SQS queue receives without raw message delivery. */
export const SnsSqsNotification = object({
  ...snsNotificationFields,
  UnsubscribeURL: optional(string()),
  SigningCertURL: optional(url),
});

/**
 * What SNS puts on a queue subscribed from another account until the subscription is confirmed
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html): no notification
 * of the topic reaches the queue before then.
 */
export const SnsSubscriptionConfirmation = object({
  Type: literal('SubscriptionConfirmation'),
  TopicArn: string(1),
});

/** An S3 event notification: at least one `aws:s3` record with a bucket name and key. */
export const S3Event = object({
  Records: array(
    object({
      eventSource: literal('aws:s3'),
      eventName: string(),
      s3: object({
        bucket: object({ name: string(1) }),
        object: object({ key: string(1), size: optional(number), versionId: optional(string()) }),
      }),
    }),
    1
  ),
});

/** S3's `s3:TestEvent`, sent when a notification is configured. */
export const S3TestEvent = object({ Event: literal('s3:TestEvent') });

/** CloudTrail's own SNS message: the bucket and the keys of the files it delivered. */
export const CloudTrailSnsMessage = object({ s3Bucket: string(1), s3ObjectKey: array(string(1)) });

/** EventBridge `Object Created` from S3 (`source` aws.s3, so no other sender can pose as S3). */
export const ObjectCreated = object({
  source: literal('aws.s3'),
  'detail-type': literal('Object Created'),
  detail: object({
    bucket: object({ name: string(1) }),
    object: object({ key: string(1), size: optional(number), 'version-id': optional(string()) }),
  }),
});
