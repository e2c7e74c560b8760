/*
 * Trigger envelopes for the sample trail, shaped as documented in
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html,
 * https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html, https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html,
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/configure-sns-notifications-for-cloudtrail.html and
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html.
 */

import { encodeS3EventKey } from '../../lib/sources/s3-notification.js';

/** The bucket the sample trail lives in (locally: events/objects/<bucket>/). */
export const SAMPLE_BUCKET = 'example-trail-bucket';
const REGION = 'us-east-1';
const TIME = '2026-01-02T03:10:00.123Z';

/** An S3 `ObjectCreated:Put` notification for `key`. */
export const s3Put = (key: string, bucket = SAMPLE_BUCKET) => ({
  Records: [
    {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: REGION,
      eventTime: TIME,
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: 'AWS:AROAEXAMPLEEXAMPLE01:regionalDeliverySession' },
      requestParameters: { sourceIPAddress: '203.0.113.9' },
      responseElements: {
        'x-amz-request-id': 'EXAMPLE123456789',
        'x-amz-id-2': 'EXAMPLE123/5678abcdefghijklambdaisawesome/mnopqrstuvwxyzABCDEFGH',
      },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'trailwatch-ingest',
        bucket: { name: bucket, ownerIdentity: { principalId: 'EXAMPLE' }, arn: `arn:aws:s3:::${bucket}` },
        object: {
          key: encodeS3EventKey(key),
          size: 1024,
          eTag: '0123456789abcdef0123456789abcdef',
          sequencer: '0A1B2C3D4E5F678901',
        },
      },
    },
  ],
});

const sqsRecord = (body: string, n: number) => ({
  messageId: `059f36b4-87a3-44ab-83d2-66197514${String(n).padStart(4, '0')}`,
  receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a',
  body,
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: '1767323400123',
    SenderId: 'AIDAIENQZJOLO23YVJ4VO',
    ApproximateFirstReceiveTimestamp: '1767323400130',
  },
  messageAttributes: {},
  md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
  eventSource: 'aws:sqs',
  eventSourceARN: `arn:aws:sqs:${REGION}:111122223333:trailwatch-ingest`,
  awsRegion: REGION,
});

const snsMessage = (message: string, subject?: string) => ({
  Type: 'Notification',
  MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
  TopicArn: `arn:aws:sns:${REGION}:111122223333:trail-notifications`,
  ...(subject && { Subject: subject }),
  Message: message,
  Timestamp: TIME,
  SignatureVersion: '1',
  Signature: 'EXAMPLE',
  SigningCertURL: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem',
  UnsubscribeURL:
    'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-east-1:111122223333:trail-notifications:c9135db0',
});

const snsEvent = (message: string) => {
  const { SigningCertURL, UnsubscribeURL, ...rest } = snsMessage(message);
  return {
    Records: [
      {
        EventVersion: '1.0',
        EventSubscriptionArn: `arn:aws:sns:${REGION}:111122223333:trail-notifications:c9135db0-26c4-47ec-8998-413945fb5a96`,
        EventSource: 'aws:sns',
        Sns: { ...rest, SigningCertUrl: SigningCertURL, UnsubscribeUrl: UnsubscribeURL, MessageAttributes: {} },
      },
    ],
  };
};

/** CloudTrail's own SNS message body. */
export const cloudTrailNotification = (keys: string[], bucket = SAMPLE_BUCKET) => ({
  s3Bucket: bucket,
  s3ObjectKey: keys,
});

/** EventBridge `Object Created` for `key`. */
export const objectCreated = (key: string, bucket = SAMPLE_BUCKET) => ({
  version: '0',
  id: '17793124-05d4-b198-2fde-7ededc63b103',
  'detail-type': 'Object Created',
  source: 'aws.s3',
  account: '111122223333',
  time: '2026-01-02T03:10:00Z',
  region: REGION,
  resources: [`arn:aws:s3:::${bucket}`],
  detail: {
    version: '0',
    bucket: { name: bucket },
    object: { key, size: 1024, etag: '0123456789abcdef0123456789abcdef', sequencer: '0A1B2C3D4E5F678901' },
    'request-id': 'N4N7GDK58NMKJ12R',
    requester: '111122223333',
    'source-ip-address': '203.0.113.9',
    reason: 'PutObject',
  },
});

/**
 * Every envelope kind for the sample trail, by fixture name (events/<name>.json).
 * @param key - the log file single-object envelopes announce
 * @param keys - the log files CloudTrail's SNS message lists
 */
export const envelopes = (key: string, keys: string[]): Record<string, unknown> => {
  const s3 = s3Put(key);
  return {
    's3-put-log': s3,
    'sqs-s3-put-log': { Records: [sqsRecord(JSON.stringify(s3), 1)] },
    'sns-s3-put-log': snsEvent(JSON.stringify(s3)),
    'sqs-sns-s3-put-log': {
      Records: [sqsRecord(JSON.stringify(snsMessage(JSON.stringify(s3), 'Amazon S3 Notification')), 2)],
    },
    'sns-cloudtrail-notification': snsEvent(JSON.stringify(cloudTrailNotification(keys))),
    'sqs-cloudtrail-notification': {
      Records: [sqsRecord(JSON.stringify(snsMessage(JSON.stringify(cloudTrailNotification(keys)))), 3)],
    },
    'eventbridge-object-created': objectCreated(key),
    's3-test-event': {
      Service: 'Amazon S3',
      Event: 's3:TestEvent',
      Time: TIME,
      Bucket: SAMPLE_BUCKET,
      RequestId: 'EXAMPLE123456789',
      HostId: 'EXAMPLEhostid',
    },
  };
};
