import { describe, expect, it } from 'vitest';
import { createAlertSink } from '../../lib/alerts/create-alert-sink.js';
import { loadAlertSinkConfig } from '../../lib/config/alerts.js';
import { ConfigError } from '../../lib/model/errors.js';
import { makeAlert } from './make-alert.js';

describe('loadAlertSinkConfig', () => {
  it('reads every alert variable', () => {
    // Act
    const config = loadAlertSinkConfig({
      AWS_REGION: 'eu-west-1',
      ALERT_SNS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:alerts.fifo',
      ALERT_EVENT_BUS: 'security',
      ALERT_MIN_SEVERITY_SNS: 'HIGH',
      ALERT_MIN_SEVERITY_EVENTBRIDGE: 'low',
      ALERT_FORMAT: 'ocsf',
      ACCOUNT_NAMES: '{"123456789012":"prod","210987654321":"staging"}',
      ALERT_ORGANIZATIONS_LOOKUP: 'true',
      ALERT_MAX_ATTEMPTS: '5',
      ALERT_REQUEST_TIMEOUT_MS: '3000',
    });
    // Assess
    expect(config).toEqual({
      region: 'eu-west-1',
      snsTopicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts.fifo',
      eventBus: 'security',
      minSeveritySns: 'high',
      minSeverityEventBridge: 'low',
      format: 'ocsf',
      accountNames: { '123456789012': 'prod', '210987654321': 'staging' },
      organizationsLookup: true,
      fallback: 'console',
      maxAttempts: 5,
      requestTimeoutMs: 3000,
    });
  });

  it('treats empty variables as unset, as serverless params left at empty give', () => {
    // Act
    const config = loadAlertSinkConfig({ ALERT_SNS_TOPIC_ARN: '', ALERT_EVENT_BUS: ' ', ACCOUNT_NAMES: '' });
    // Assess
    expect(config).toEqual({
      region: 'us-east-1',
      format: 'native',
      accountNames: {},
      organizationsLookup: false,
      fallback: 'console',
    });
  });

  it.each([
    ['ALERT_SNS_TOPIC_ARN', 'arn:aws:sqs:us-east-1:123456789012:queue', /ALERT_SNS_TOPIC_ARN must be an SNS topic ARN/],
    ['ALERT_EVENT_BUS', 'my bus', /ALERT_EVENT_BUS must be an event bus name or ARN/],
    [
      'ALERT_MIN_SEVERITY_SNS',
      'urgent',
      /ALERT_MIN_SEVERITY_SNS must be one of info, low, medium, high, critical, got 'urgent'/,
    ],
    ['ALERT_FORMAT', 'cef', /ALERT_FORMAT must be one of native, ocsf/],
    ['ACCOUNT_NAMES', '{"prod":"123456789012"}', /ACCOUNT_NAMES key 'prod' is not a 12-digit account id/],
    ['ACCOUNT_NAMES', '{"123456789012":', /ACCOUNT_NAMES must be a JSON object/],
    ['ACCOUNT_NAMES', '["prod"]', /ACCOUNT_NAMES must be a JSON object/],
    ['ALERT_ORGANIZATIONS_LOOKUP', 'yes', /ALERT_ORGANIZATIONS_LOOKUP must be true or false/],
    ['ALERT_MAX_ATTEMPTS', '0', /ALERT_MAX_ATTEMPTS must be a positive integer/],
  ])('rejects a malformed %s', (name, value, message) => {
    // Act
    const loading = () => loadAlertSinkConfig({ [name]: value });
    // Assess
    expect(loading).toThrow(ConfigError);
    expect(loading).toThrow(message);
  });
});

describe('createAlertSink', () => {
  it('falls back to JSONL on the console when no SNS topic or bus is configured', async () => {
    // Prepare
    const lines: string[] = [];
    const sink = createAlertSink(loadAlertSinkConfig({ ACCOUNT_NAMES: '{"123456789012":"prod"}' }), {
      write: (l) => lines.push(l),
    });
    // Act
    await sink.send([makeAlert()]);
    // Assess
    expect(sink.destinations).toEqual(['console']);
    expect(lines.map((l) => JSON.parse(l))).toEqual([{ ...makeAlert(), accountName: 'prod' }]);
  });

  it('writes one readable line per alert with fallback text', async () => {
    // Prepare
    const lines: string[] = [];
    const sink = createAlertSink(
      loadAlertSinkConfig({ ALERT_FALLBACK: 'text', ACCOUNT_NAMES: '{"123456789012":"prod"}' }),
      { write: (l) => lines.push(l) }
    );
    // Act
    await sink.send([makeAlert(), makeAlert({ id: 'a-2', severity: 'low', count: 3, principal: undefined })]);
    // Assess
    expect(lines).toEqual([
      '[HIGH] cloudtrail-logging-stopped: CloudTrail logging stopped — StopLogging by arn:aws:iam::123456789012:user/alice in prod/us-east-1 (1 event, id cloudtrail-logging-stopped-0f1e2d3c4b5a6978)\n',
      '[LOW] cloudtrail-logging-stopped: CloudTrail logging stopped — StopLogging in prod/us-east-1 (3 events, id a-2)\n',
    ]);
  });

  it('sends nowhere with fallback none, for callers that print alerts themselves', async () => {
    // Prepare
    const lines: string[] = [];
    const sink = createAlertSink(loadAlertSinkConfig({ ALERT_FALLBACK: 'none' }), { write: (l) => lines.push(l) });
    // Act
    await sink.send([makeAlert()]);
    // Assess
    expect(sink.destinations).toEqual([]);
    expect(lines).toEqual([]);
  });
});
