import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  ListAccountsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAlertSink } from '../../lib/alerts/create-alert-sink.js';
import { loadAlertSinkConfig } from '../../lib/config/alerts.js';
import type { AlertSinkConfig } from '../../lib/alerts/alert-sink-config.js';
import type { Alert } from '../../lib/model/alert.js';
import { type MotoServer, motoServerPath, startMoto } from '../helpers/moto-server.js';
import { makeAlert, makeAlerts } from './make-alert.js';

const motoMissing = motoServerPath() === undefined;
if (motoMissing) process.stderr.write('skipping moto delivery tests: moto_server is not on PATH\n');

let moto: MotoServer;
let sns: SNSClient;
let sqs: SQSClient;
let eventBridge: EventBridgeClient;
let counter = 0;

const unique = (name: string): string => `${name}-${++counter}`;

const queue = async (name: string, fifo = false): Promise<{ url: string; arn: string }> => {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: fifo ? `${name}.fifo` : name,
      ...(fifo && { Attributes: { FifoQueue: 'true' } }),
    })
  );
  const url = QueueUrl ?? '';
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return { url, arn: Attributes?.QueueArn ?? '' };
};

/** Every message waiting in the queue (moto delivers synchronously, so no waiting needed). */
const drain = async (url: string): Promise<Message[]> => {
  const all: Message[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        AttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      })
    );
    if (Messages.length === 0) return all;
    all.push(...Messages);
  }
};

const ids = (messages: Message[], idOf: (body: Record<string, unknown>) => unknown = (b) => b.id): string[] =>
  messages.map((m) => String(idOf(JSON.parse(m.Body ?? '{}') as Record<string, unknown>))).sort();

const base = (overrides: Partial<AlertSinkConfig>): AlertSinkConfig => ({
  region: 'us-east-1',
  format: 'native',
  accountNames: {},
  organizationsLookup: false,
  fallback: 'none',
  snsEndpoint: moto.endpoint,
  eventBridgeEndpoint: moto.endpoint,
  organizationsEndpoint: moto.endpoint,
  ...overrides,
});

describe.skipIf(motoMissing)('alert delivery through moto_server', () => {
  beforeAll(async () => {
    moto = await startMoto();
    const config = { endpoint: moto.endpoint, region: 'us-east-1' };
    sns = new SNSClient(config);
    sqs = new SQSClient(config);
    eventBridge = new EventBridgeClient(config);
  });
  afterAll(async () => {
    await moto?.close();
  });

  it('delivers to SNS subscribers by filter policy and minimum severity, with a readable subject', async () => {
    // Prepare: one subscriber filters on severity, one takes everything the sink sends
    const { TopicArn = '' } = await sns.send(new CreateTopicCommand({ Name: unique('alerts') }));
    const filtered = await queue(unique('pager'));
    const all = await queue(unique('archive'));
    await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: filtered.arn,
        Attributes: { FilterPolicy: JSON.stringify({ severity: ['high', 'critical'] }), RawMessageDelivery: 'true' },
      })
    );
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: all.arn }));
    const sink = createAlertSink(
      base({ snsTopicArn: TopicArn, minSeveritySns: 'medium', accountNames: { '123456789012': 'prod' } })
    );
    const alerts = makeAlerts(4);
    // Act
    await sink.send(alerts);
    // Assess
    expect(ids(await drain(filtered.url))).toEqual(['alert-002', 'alert-003']);
    const envelopes = (await drain(all.url)).map(
      (m) =>
        JSON.parse(m.Body ?? '{}') as {
          Message: string;
          Subject?: string;
          MessageAttributes: Record<string, { Value: string }>;
        }
    );
    expect(envelopes.map((e) => JSON.parse(e.Message).id).sort()).toEqual(['alert-001', 'alert-002', 'alert-003']);
    const high = envelopes.find((e) => JSON.parse(e.Message).id === 'alert-002');
    expect(high?.Subject).toBe(
      '[HIGH] CloudTrail StopLogging by arn:aws:iam::123456789012:user/alice in prod/us-east-1'
    );
    expect(high?.MessageAttributes.ruleId?.Value).toBe('cloudtrail-logging-stopped');
    expect(JSON.parse(high?.Message ?? '{}').accountName).toBe('prod');
  });

  it('lets a FIFO topic drop an alert re-sent with the same id', async () => {
    // Prepare
    const { TopicArn = '' } = await sns.send(
      new CreateTopicCommand({
        Name: `${unique('alerts')}.fifo`,
        Attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'false' },
      })
    );
    const fifo = await queue(unique('ordered'), true);
    await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: fifo.arn,
        Attributes: { RawMessageDelivery: 'true' },
      })
    );
    const sink = createAlertSink(base({ snsTopicArn: TopicArn }));
    const [a, b] = makeAlerts(2);
    // Act: a Lambda retry re-sends the first alert
    await sink.send([a as Alert, b as Alert]);
    await sink.send([a as Alert]);
    // Assess
    const messages = await drain(fifo.url);
    expect(ids(messages)).toEqual(['alert-000', 'alert-001']);
    expect(messages.map((m) => m.Attributes?.MessageGroupId)).toEqual([
      'cloudtrail-logging-stopped',
      'cloudtrail-logging-stopped',
    ]);
    expect(messages.map((m) => m.Attributes?.MessageDeduplicationId).sort()).toEqual(['alert-000', 'alert-001']);
  });

  it('delivers only high-severity alerts to an EventBridge rule matching them on a custom bus', async () => {
    // Prepare
    const bus = unique('security');
    await eventBridge.send(new CreateEventBusCommand({ Name: bus }));
    const target = await queue(unique('soc'));
    await eventBridge.send(
      new PutRuleCommand({
        Name: unique('high-alerts'),
        EventBusName: bus,
        EventPattern: JSON.stringify({
          source: ['trailwatch'],
          'detail-type': ['CloudTrail Detection'],
          detail: { severity: ['high', 'critical'] },
        }),
      })
    );
    await eventBridge.send(
      new PutTargetsCommand({
        Rule: `high-alerts-${counter}`,
        EventBusName: bus,
        Targets: [{ Id: 'soc', Arn: target.arn }],
      })
    );
    const sink = createAlertSink(base({ eventBus: bus }));
    // Act: 23 alerts take three PutEvents calls
    await sink.send(makeAlerts(23));
    // Assess
    const events = (await drain(target.url)).map(
      (m) => JSON.parse(m.Body ?? '{}') as { detail: { id: string }; source: string; resources: string[] }
    );
    const expected = makeAlerts(23)
      .filter((a) => a.severity === 'high' || a.severity === 'critical')
      .map((a) => a.id)
      .sort();
    // At-least-once: a PutEvents the SDK retried after a slow answer can land twice, with the same id.
    expect([...new Set(events.map((e) => e.detail.id))].sort()).toEqual(expected);
    expect(events[0]?.source).toBe('trailwatch');
    expect(events[0]?.resources).toEqual([
      'arn:aws:iam::123456789012:user/alice',
      'arn:aws:cloudtrail:us-east-1:123456789012:trail/management',
    ]);
  });

  it('sends OCSF Detection Findings when the format is ocsf', async () => {
    // Prepare
    const { TopicArn = '' } = await sns.send(new CreateTopicCommand({ Name: unique('ocsf') }));
    const lake = await queue(unique('lake'));
    await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: lake.arn,
        Attributes: { RawMessageDelivery: 'true' },
      })
    );
    const sink = createAlertSink(base({ snsTopicArn: TopicArn, format: 'ocsf' }));
    // Act
    await sink.send([makeAlert()]);
    // Assess
    const [finding] = (await drain(lake.url)).map((m) => JSON.parse(m.Body ?? '{}') as Record<string, unknown>);
    expect(finding).toMatchObject({ class_uid: 2004, type_uid: 200401, finding_info: { uid: makeAlert().id } });
  });

  it('reaches SNS and EventBridge through AWS_ENDPOINT_URL_SNS and AWS_ENDPOINT_URL_EVENTBRIDGE alone', async () => {
    // Prepare: configuration purely from the environment, no endpoint in code
    const { TopicArn = '' } = await sns.send(new CreateTopicCommand({ Name: unique('env') }));
    const viaSns = await queue(unique('env-sns'));
    await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: viaSns.arn,
        Attributes: { RawMessageDelivery: 'true' },
      })
    );
    const viaBus = await queue(unique('env-bus'));
    await eventBridge.send(
      new PutRuleCommand({ Name: unique('env-rule'), EventPattern: JSON.stringify({ source: ['trailwatch'] }) })
    );
    await eventBridge.send(
      new PutTargetsCommand({ Rule: `env-rule-${counter}`, Targets: [{ Id: 'q', Arn: viaBus.arn }] })
    );
    vi.stubEnv('AWS_ENDPOINT_URL_SNS', moto.endpoint);
    vi.stubEnv('AWS_ENDPOINT_URL_EVENTBRIDGE', moto.endpoint);
    vi.stubEnv('ALERT_SNS_TOPIC_ARN', TopicArn);
    vi.stubEnv('ALERT_EVENT_BUS', 'default');
    try {
      const sink = createAlertSink(loadAlertSinkConfig(process.env));
      // Act
      await sink.send([makeAlert()]);
      // Assess
      expect(sink.destinations).toEqual(['sns', 'eventbridge']);
      expect(ids(await drain(viaSns.url))).toEqual([makeAlert().id]);
      expect(ids(await drain(viaBus.url), (e) => (e.detail as Alert).id)).toEqual([makeAlert().id]);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('names an account from Organizations ListAccounts when the lookup is enabled', async () => {
    // Prepare
    const organizations = new OrganizationsClient({ endpoint: moto.endpoint, region: 'us-east-1' });
    await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' })).catch(() => undefined);
    await organizations.send(new CreateAccountCommand({ AccountName: 'payments-prod', Email: 'payments@example.com' }));
    const { Accounts = [] } = await organizations.send(new ListAccountsCommand({}));
    const payments = Accounts.find((a) => a.Name === 'payments-prod')?.Id ?? '';
    const { TopicArn = '' } = await sns.send(new CreateTopicCommand({ Name: unique('org') }));
    const inbox = await queue(unique('org-inbox'));
    await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: inbox.arn,
        Attributes: { RawMessageDelivery: 'true' },
      })
    );
    const sink = createAlertSink(base({ snsTopicArn: TopicArn, organizationsLookup: true }));
    // Act
    await sink.send([makeAlert({ account: payments })]);
    // Assess
    const [body] = (await drain(inbox.url)).map((m) => JSON.parse(m.Body ?? '{}') as Alert);
    expect(body?.accountName).toBe('payments-prod');
  });
});
