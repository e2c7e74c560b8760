import { describe, expect, it } from 'vitest';
import { cloudTrailNotification, objectCreated, s3Put } from '../../tools/sample/envelopes.js';
import { fromSqsBody, toObjectRefs } from '../../lib/sources/to-object-refs.js';
import { loadEvent, sampleKeys } from '../helpers/events.js';

describe('toObjectRefs', () => {
  it.each(['s3-put-log', 'sqs-s3-put-log', 'sns-s3-put-log', 'sqs-sns-s3-put-log', 'eventbridge-object-created'])(
    'finds the sample log file in %s',
    async (name) => {
      const [first] = await sampleKeys();
      expect(toObjectRefs(await loadEvent(name))).toEqual([
        expect.objectContaining({ bucket: 'example-trail-bucket', key: first }),
      ]);
    }
  );

  it.each(['sns-cloudtrail-notification', 'sqs-cloudtrail-notification'])(
    'lists every key of CloudTrail’s own notification in %s',
    async (name) => {
      const keys = await sampleKeys();
      expect(toObjectRefs(await loadEvent(name)).map((r) => r.key)).toEqual(keys);
      expect(keys).toHaveLength(12);
    }
  );

  it('form-decodes S3 notification keys but takes EventBridge and CloudTrail keys raw', () => {
    const key = 'my prefix+x/AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/f.json.gz';
    expect(toObjectRefs(s3Put(key))[0]?.key).toBe(key);
    expect(toObjectRefs(objectCreated(key))[0]?.key).toBe(key);
    expect(toObjectRefs(cloudTrailNotification([key]))[0]?.key).toBe(key);
  });

  it('keeps size and version id when the notification has them', () => {
    const event = s3Put('a.json.gz');
    Object.assign(event.Records[0]?.s3.object ?? {}, { versionId: 'v1' });
    expect(toObjectRefs(event)).toEqual([
      { bucket: 'example-trail-bucket', key: 'a.json.gz', size: 1024, versionId: 'v1' },
    ]);
  });

  it('returns nothing for S3’s test event and for removals', async () => {
    expect(toObjectRefs(await loadEvent('s3-test-event'))).toEqual([]);
    const removed = s3Put('a.json.gz');
    (removed.Records[0] as { eventName: string }).eventName = 'ObjectRemoved:Delete';
    expect(toObjectRefs(removed)).toEqual([]);
  });

  it.each([
    ['an unknown object', { hello: 'world' }, /unknown trigger: object with keys hello/],
    ['a string', 'x', /unknown trigger: string/],
    [
      'an SNS record whose message is not JSON',
      {
        Records: [
          {
            EventSource: 'aws:sns',
            EventVersion: '1.0',
            EventSubscriptionArn: 'arn:aws:sns:us-east-1:111122223333:t:1',
            Sns: {
              Type: 'Notification',
              MessageId: '1',
              TopicArn: 'arn:aws:sns:us-east-1:111122223333:t',
              Message: 'not json',
              Timestamp: '2026-01-02T03:10:00.000Z',
              SignatureVersion: '1',
              Signature: 'x',
              SigningCertUrl: 'https://x',
              UnsubscribeUrl: 'https://x',
              MessageAttributes: {},
            },
          },
        ],
      },
      /SNS message is not JSON/,
    ],
  ])('throws UnknownEventError for %s', (_name, event, message) => {
    expect(() => toObjectRefs(event)).toThrow(
      expect.objectContaining({ name: 'UnknownEventError', message: expect.stringMatching(message) })
    );
  });

  // biome-ignore lint/suspicious/noExplicitAny: a test edits fixture events at any depth
  type Fixture = Record<string, any>;

  /** A copy of the fixture `name` with `change` applied to it. */
  const changed = async (name: string, change: (event: Fixture) => void): Promise<unknown> => {
    const event = structuredClone(await loadEvent(name)) as Fixture;
    change(event);
    return event;
  };

  it.each([
    [
      'an SQS event whose record has no md5OfBody',
      'sqs-s3-put-log',
      (e: Fixture) => delete e.Records[0].md5OfBody,
      /^SQS event: Records\[0\]\.md5OfBody: not a string$/,
    ],
    [
      'an SQS event whose message attribute has no dataType',
      'sqs-s3-put-log',
      (e: Fixture) => Object.assign(e.Records[0].messageAttributes, { a: { stringValue: 'v' } }),
      /^SQS event: Records\[0\]\.messageAttributes\.a\.dataType: not a string$/,
    ],
    [
      'an SNS event whose Timestamp carries an offset',
      'sns-s3-put-log',
      (e: Fixture) => Object.assign(e.Records[0].Sns, { Timestamp: '2026-01-02T03:10:00+00:00' }),
      /^SNS event: Records\[0\]\.Sns\.Timestamp: not an ISO 8601 UTC time$/,
    ],
    [
      'an SNS event whose UnsubscribeUrl is not a URL',
      'sns-s3-put-log',
      (e: Fixture) => Object.assign(e.Records[0].Sns, { UnsubscribeUrl: 'nowhere' }),
      /^SNS event: Records\[0\]\.Sns\.UnsubscribeUrl: not a URL$/,
    ],
    [
      'an SNS event whose message attribute has no Value',
      'sns-s3-put-log',
      (e: Fixture) => Object.assign(e.Records[0].Sns, { MessageAttributes: { a: { Type: 'String' } } }),
      /^SNS event: Records\[0\]\.Sns\.MessageAttributes\.a\.Value: not a string$/,
    ],
    [
      'an S3 notification with an empty bucket name',
      's3-put-log',
      (e: Fixture) => Object.assign(e.Records[0].s3.bucket, { name: '' }),
      /^unknown trigger: object with keys Records$/,
    ],
    [
      'an S3 notification whose object size is text',
      's3-put-log',
      (e: Fixture) => Object.assign(e.Records[0].s3.object, { size: '1024' }),
      /^unknown trigger: object with keys Records$/,
    ],
    [
      'an S3 notification without records',
      's3-put-log',
      (e: Fixture) => Object.assign(e, { Records: [] }),
      /^unknown trigger: object with keys Records$/,
    ],
    [
      'an S3 test event of another name',
      's3-test-event',
      (e: Fixture) => Object.assign(e, { Event: 's3:OtherEvent' }),
      /^unknown trigger: object with keys /,
    ],
    [
      'a CloudTrail notification with an empty key',
      'sns-cloudtrail-notification',
      (e: Fixture) => {
        const message = JSON.parse(e.Records[0].Sns.Message);
        message.s3ObjectKey.push('');
        e.Records[0].Sns.Message = JSON.stringify(message);
      },
      /^unknown trigger: object with keys s3Bucket, s3ObjectKey$/,
    ],
    [
      'an Object Created event whose version-id is a number',
      'eventbridge-object-created',
      (e: Fixture) => Object.assign(e.detail.object, { 'version-id': 3 }),
      /^unknown trigger: object with keys /,
    ],
    [
      'an SNS envelope in an SQS body that is a subscription confirmation',
      'sqs-sns-s3-put-log',
      (e: Fixture) => {
        const envelope = JSON.parse(e.Records[0].body);
        envelope.Type = 'SubscriptionConfirmation';
        e.Records[0].body = JSON.stringify(envelope);
      },
      /^SNS subscription confirmation from arn:aws:sns:/,
    ],
  ])('throws UnknownEventError for %s', async (_name, fixture, change, message) => {
    // Prepare
    const event = await changed(fixture, change);
    // Act
    const reading = () => toObjectRefs(event);
    // Assess
    expect(reading).toThrow(
      expect.objectContaining({ name: 'UnknownEventError', message: expect.stringMatching(message) })
    );
  });

  it('finds the object of an EventBridge Object Created event the ingest queue carries', async () => {
    // Prepare
    const [first] = await sampleKeys();
    // Act
    const refs = fromSqsBody(JSON.stringify(objectCreated(first as string)));
    // Assess
    expect(refs).toEqual([expect.objectContaining({ bucket: 'example-trail-bucket', key: first })]);
  });

  it('refuses an Object Created event whose source is not aws.s3', () => {
    // Prepare
    const forged = { ...objectCreated('AWSLogs/a.json.gz'), source: 'my.app' };
    // Act
    const reading = () => fromSqsBody(JSON.stringify(forged));
    // Assess
    expect(reading).toThrow(expect.objectContaining({ name: 'UnknownEventError' }));
  });

  it('refuses an SNS subscription confirmation on the queue, saying how to confirm it without the token', () => {
    // Prepare: what SNS puts on a queue subscribed from another account (CloudTrail's topic in the
    // management account), after https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html
    const topic = 'arn:aws:sns:us-east-1:444455556666:org-trail-notifications';
    const token = '2336412f37fb687f5d51e6e241d164b0533302ec696efc8f113cd2252ce8a925c1e44a3c4ca29846';
    const body = JSON.stringify({
      Type: 'SubscriptionConfirmation',
      MessageId: '165545c9-2a5c-472c-8df2-7ff2be2b3b1b',
      Token: token,
      TopicArn: topic,
      Message: `You have chosen to subscribe to the topic ${topic}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
      SubscribeURL: `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${topic}&Token=${token}`,
      Timestamp: '2026-01-02T03:10:00.000Z',
      SignatureVersion: '1',
      Signature:
        'EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=',
      SigningCertURL:
        'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem',
    });
    // Act
    const reading = () => fromSqsBody(body);
    // Assess
    expect(reading).toThrow(
      expect.objectContaining({
        name: 'UnknownEventError',
        message: expect.stringContaining(`aws sns confirm-subscription --topic-arn ${topic}`),
      })
    );
    expect(reading).toThrow(expect.objectContaining({ message: expect.not.stringContaining(token) }));
  });

  it('parses one SQS body on its own (for partial batch failures)', async () => {
    const [first] = await sampleKeys();
    expect(fromSqsBody(JSON.stringify(s3Put(first as string)))[0]?.key).toBe(first);
    expect(() => fromSqsBody('{')).toThrow(/SQS message body is not JSON/);
  });
});
