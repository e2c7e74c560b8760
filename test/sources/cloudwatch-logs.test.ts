import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/logs.js';
import { logger } from '../../lib/logger.js';
import { decodeLogsEvent, logsBatchViews, MAX_LOGS_PAYLOAD_BYTES } from '../../lib/sources/cloudwatch-logs.js';

const fixture = async (): Promise<{ awslogs: { data: string } }> =>
  JSON.parse(await readFile('events/cloudwatch-logs-subscription.json', 'utf8'));

const encode = (payload: unknown): { awslogs: { data: string } } => ({
  awslogs: {
    data: gzipSync(Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload))).toString('base64'),
  },
});

const dataMessage = (messages: unknown[]) => ({
  messageType: 'DATA_MESSAGE',
  owner: '111122223333',
  logGroup: 'trail-group',
  logStream: '111122223333_CloudTrail_us-east-1',
  subscriptionFilters: ['trailwatch'],
  logEvents: messages.map((message, i) => ({ id: `id-${i}`, timestamp: 1767225600000 + i, message })),
});

describe('decodeLogsEvent', () => {
  it('decodes the subscription fixture into its CloudTrail records', async () => {
    // Act
    const batch = decodeLogsEvent(await fixture());
    // Assess
    expect(batch).toMatchObject({
      messageType: 'DATA_MESSAGE',
      owner: '111122223333',
      logGroup: 'aws-cloudtrail-logs-111122223333-main',
      subscriptionFilters: ['trailwatch'],
      rejected: [],
    });
    expect(batch.records.map((r) => [r.eventSource, r.eventName, r.eventID])).toEqual([
      ['cloudtrail.amazonaws.com', 'StopLogging', '2c3d4e5f-6071-8293-a4b5-c6d7e8f90123'],
      ['iam.amazonaws.com', 'CreateAccessKey', '4e5f6071-8293-a4b5-c6d7-e8f901234567'],
    ]);
  });

  it('gives the views a detector reads, indexed by position in the batch', async () => {
    // Act
    const views = logsBatchViews(decodeLogsEvent(await fixture()));
    // Assess
    expect(views.map((v) => [v.index, v.head.eventName, v.head.recipientAccountId])).toEqual([
      [0, 'StopLogging', '111122223333'],
      [1, 'CreateAccessKey', '111122223333'],
    ]);
    expect(views[1]?.record().requestParameters).toEqual({ userName: 'backup-admin' });
  });

  it('skips a message that is not a JSON object, reports it with its index and id, and keeps the rest', () => {
    // Prepare
    const warnings: unknown[][] = [];
    const log = { debug: () => {}, info: () => {}, warn: (...a: unknown[]) => warnings.push(a), error: () => {} };
    const event = encode(
      dataMessage([JSON.stringify({ eventName: 'A' }), 'not json {', '[1,2]', JSON.stringify({ eventName: 'B' })])
    );
    // Act
    const batch = decodeLogsEvent(event, log);
    // Assess
    expect(batch.records.map((r) => r.eventName)).toEqual(['A', 'B']);
    expect(batch.rejected).toEqual([
      { index: 1, id: 'id-1', reason: expect.stringContaining('JSON') },
      { index: 2, id: 'id-2', reason: 'message is not a JSON object' },
    ]);
    expect(warnings.map((w) => [w[0], (w[1] as { index: number }).index])).toEqual([
      ['log event skipped', 1],
      ['log event skipped', 2],
    ]);
  });

  it('yields no records for a CONTROL_MESSAGE', () => {
    // Act
    const batch = decodeLogsEvent(
      encode({
        messageType: 'CONTROL_MESSAGE',
        owner: 'CloudwatchLogs',
        logGroup: '',
        logStream: '',
        logEvents: [{ id: '', timestamp: 0, message: 'CWL CONTROL MESSAGE: Checking health of destination Firehose.' }],
      })
    );
    // Assess
    expect(batch).toMatchObject({ messageType: 'CONTROL_MESSAGE', records: [], rejected: [] });
  });

  it.each([
    ['no awslogs', { Records: [] }, 'UnknownEventError', /no awslogs\.data string/],
    ['not base64', { awslogs: { data: '%%%' } }, 'LogsPayloadError', /base64/],
    ['not gzip', { awslogs: { data: Buffer.from('plain text').toString('base64') } }, 'LogsPayloadError', /gunzip/],
    ['not JSON', encode('{"messageType": '), 'LogsPayloadError', /json/],
    ['no logEvents', encode({ messageType: 'DATA_MESSAGE' }), 'LogsPayloadError', /shape/],
  ])('throws %s', (_name, event, name, message) => {
    // Act
    const decoding = () => decodeLogsEvent(event);
    // Assess
    expect(decoding).toThrow(message);
    expect(decoding).toThrowError(expect.objectContaining({ name }));
  });

  it('refuses a payload that inflates past MAX_LOGS_PAYLOAD_BYTES as a decompression bomb', () => {
    // Prepare: a valid subscription batch padded to one byte over the cap, about 33 KB gzipped
    const batch = JSON.stringify(dataMessage(['{}']));
    const padded = `${batch.slice(0, -1)},"pad":"${' '.repeat(MAX_LOGS_PAYLOAD_BYTES - batch.length - 8)}"}`;
    const bomb = encode(padded);
    // Act
    const decoding = () => decodeLogsEvent(bomb);
    // Assess
    expect(Buffer.byteLength(padded)).toBe(MAX_LOGS_PAYLOAD_BYTES + 1);
    expect(bomb.awslogs.data.length).toBeLessThan(64 * 1024);
    expect(decoding).toThrowError(
      expect.objectContaining({
        name: 'LogsPayloadError',
        stage: 'gunzip',
        message: expect.stringMatching(
          /^awslogs payload: gunzip: \d+ compressed bytes inflate past 33554432 bytes \(MAX_LOGS_PAYLOAD_BYTES\): refused as a decompression bomb$/
        ),
      })
    );
  });

  it('decodes a payload of exactly MAX_LOGS_PAYLOAD_BYTES', () => {
    // Prepare
    const batch = JSON.stringify(dataMessage(['{}']));
    const padded = `${batch.slice(0, -1)},"pad":"${' '.repeat(MAX_LOGS_PAYLOAD_BYTES - batch.length - 9)}"}`;
    // Act
    const decoded = decodeLogsEvent(encode(padded));
    // Assess
    expect(Buffer.byteLength(padded)).toBe(MAX_LOGS_PAYLOAD_BYTES);
    expect(decoded.records).toEqual([{}]);
  });
});

describe('functions/logs handler', () => {
  afterEach(() => vi.restoreAllMocks());

  it('processes every record of the fixture envelope', async () => {
    // Prepare
    const info = vi.spyOn(logger, 'info');
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => lines.push(String(chunk)) > 0);
    // Act
    await handler(await fixture(), { functionName: 'logs', awsRequestId: 'req-1' } as Context);
    // Assess: the built-in rules see the StopLogging and the CreateAccessKey of the fixture
    const alerts = lines
      .filter((l) => l.startsWith('{"id"'))
      .map((l) => JSON.parse(l) as { ruleId: string; eventName: string });
    expect(info).toHaveBeenCalledWith('log events processed', {
      records: 2,
      rejected: 0,
      alerts: alerts.length,
      sent: alerts.length,
    });
    expect(new Set(alerts.map((a) => a.eventName))).toEqual(new Set(['StopLogging', 'CreateAccessKey']));
    expect(alerts.map((a) => a.ruleId)).toContain('cloudtrail-logging-stopped');
  });

  it('lets a damaged payload through as an error, so the invocation fails and is retried', async () => {
    // Act
    const done = handler({ awslogs: { data: Buffer.from('plain').toString('base64') } }, {
      functionName: 'logs',
    } as Context);
    // Assess
    await expect(done).rejects.toMatchObject({ name: 'LogsPayloadError', stage: 'gunzip' });
  });
});
