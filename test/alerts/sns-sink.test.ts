import { PublishCommand, type PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { publishInput, snsSink } from '../../lib/alerts/sns-sink.js';
import type { CloudTrailRecord } from '../../lib/model/record.js';
import { makeAlert, makeAlerts } from './make-alert.js';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:trailwatch-alerts';
const snsMock = mockClient(SNSClient);

beforeEach(() => {
  snsMock.reset();
  snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

const published = (): PublishCommandInput[] => snsMock.commandCalls(PublishCommand).map((c) => c.args[0].input);

describe('snsSink', () => {
  it('publishes one message per alert with subject, JSON body and filterable attributes', async () => {
    // Prepare
    const alert = makeAlert();
    // Act
    await snsSink({ sns: new SNSClient({ region: 'us-east-1' }), topicArn: TOPIC }).send([alert]);
    // Assess
    expect(published()).toEqual([
      {
        TopicArn: TOPIC,
        Subject: '[HIGH] CloudTrail StopLogging by arn:aws:iam::123456789012:user/alice in 123456789012/us-east-1',
        Message: JSON.stringify(alert),
        MessageAttributes: {
          severity: { DataType: 'String', StringValue: 'high' },
          ruleId: { DataType: 'String', StringValue: 'cloudtrail-logging-stopped' },
          category: { DataType: 'String', StringValue: 'detection' },
          account: { DataType: 'String', StringValue: '123456789012' },
          region: { DataType: 'String', StringValue: 'us-east-1' },
        },
      },
    ]);
  });

  it('publishes every alert of a batch once', async () => {
    // Prepare
    const alerts = makeAlerts(25);
    // Act
    await snsSink({ sns: new SNSClient({ region: 'us-east-1' }), topicArn: TOPIC, concurrency: 4 }).send(alerts);
    // Assess
    expect(
      published()
        .map((p) => JSON.parse(p.Message ?? '').id)
        .sort()
    ).toEqual(alerts.map((a) => a.id).sort());
  });

  it('sets MessageGroupId to the rule and MessageDeduplicationId to the alert id on a FIFO topic', () => {
    // Act
    const input = publishInput(makeAlert(), `${TOPIC}.fifo`);
    // Assess
    expect(input).toMatchObject({
      MessageGroupId: 'cloudtrail-logging-stopped',
      MessageDeduplicationId: 'cloudtrail-logging-stopped-0f1e2d3c4b5a6978',
    });
  });

  it('hashes an alert id SNS would not accept as a dedup id, stably', () => {
    // Prepare
    const alert = makeAlert({ id: `id with spaces ${'x'.repeat(200)}` });
    // Act
    const [a, b] = [publishInput(alert, `${TOPIC}.fifo`), publishInput(alert, `${TOPIC}.fifo`)];
    // Assess
    expect(a.MessageDeduplicationId).toMatch(/^[0-9a-f]{64}$/);
    expect(a.MessageDeduplicationId).toBe(b.MessageDeduplicationId);
  });

  it('leaves out empty attributes, which SNS rejects', () => {
    // Act
    const input = publishInput(makeAlert({ account: undefined, region: '' }), TOPIC);
    // Assess
    expect(Object.keys(input.MessageAttributes ?? {})).toEqual(['severity', 'ruleId', 'category']);
  });

  it('trims an oversized alert under 256 KB with its attributes instead of dropping it', async () => {
    // Prepare
    const sample = {
      eventVersion: '1.08',
      requestParameters: { policy: 'p'.repeat(400_000) },
    } as unknown as CloudTrailRecord;
    const alert = makeAlert({ sample });
    // Act
    await snsSink({ sns: new SNSClient({ region: 'us-east-1' }), topicArn: TOPIC }).send([alert]);
    // Assess
    const [input] = published();
    expect(Buffer.byteLength(input?.Message ?? '')).toBeLessThan(262_144 - 2_048);
    expect(JSON.parse(input?.Message ?? '')).toMatchObject({
      id: alert.id,
      trimmed: ['sample'],
      eventIds: alert.eventIds,
    });
  });

  it('sends the OCSF finding as the body when asked, keeping native attributes', () => {
    // Act
    const input = publishInput(makeAlert(), TOPIC, 'ocsf');
    // Assess
    expect(JSON.parse(input.Message ?? '')).toMatchObject({ class_uid: 2004, finding_info: { uid: makeAlert().id } });
    expect(input.MessageAttributes?.severity?.StringValue).toBe('high');
  });
});
