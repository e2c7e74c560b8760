import { describe, expect, it } from 'vitest';
import { sniffInputForm } from '../../../lib/cloudtrail/input-forms/input-form.js';
import { parseLogFileName } from '../../../lib/cloudtrail/input-forms/log-file-name.js';

describe('sniffInputForm', () => {
  it.each([
    ['a CloudTrail log file', '{"Records":[{"eventVersion":"1.11"}]}', 'cloudtrail'],
    ['a bare array of records', ' [\n  {\n    "eventVersion": "1.11", "eventName": "x"}]', 'array'],
    ['an empty array', '[ ]', 'array'],
    [
      'JSON lines of records',
      '{"eventVersion":"1.11","userIdentity":{"type":"Root"}}\n{"eventVersion":"1.11"}',
      'records',
    ],
    ['a record with a byte order mark', '\ufeff{"eventTime":"2026-01-02T03:04:05Z"}', 'records'],
    ['lookup-events output', '{\n    "Events": [\n        {\n            "EventId": "x",', 'lookup-events'],
    [
      'an EventBridge event',
      '{"version":"0","id":"x","detail-type":"AWS API Call via CloudTrail","source":"aws.iam","detail":{',
      'eventbridge',
    ],
    ['a package.json', '{"name": "x", "version": "1.0.0"}', undefined],
    ['an array of numbers', '[1, 2]', undefined],
    ['an array of EventBridge events', '[{"version":"0","detail-type":"AWS API Call via CloudTrail"}]', undefined],
    ['a text line', '198.51.100.7 - - GET /', undefined],
    ['nothing', '', undefined],
  ])('tells %s', (_name, head, form) => {
    // Act
    const sniffed = sniffInputForm(Buffer.from(head));
    // Assess
    expect(sniffed).toBe(form);
  });
});

describe('parseLogFileName', () => {
  it('reads account, region and delivery time from a downloaded log file name', () => {
    // Act
    const key = parseLogFileName('111122223333_CloudTrail_eu-west-1_20260102T0315Z_dIPYvHDDyaBYP9FH.json');
    // Assess
    expect(key).toEqual({
      kind: 'log',
      accountId: '111122223333',
      region: 'eu-west-1',
      date: '2026/01/02',
      deliveredAt: '2026-01-02T03:15:00Z',
      unique: 'dIPYvHDDyaBYP9FH',
    });
  });

  it.each([
    '111122223333_CloudTrail-Digest_us-east-1_main_us-east-1_20260102T030404Z.json.gz',
    'trail.json.gz',
    '111122223333_CloudTrail_us-east-1_20260102T0310Z_abc.txt',
  ])('gives nothing for %s', (name) => {
    // Assess
    expect(parseLogFileName(name)).toBeUndefined();
  });
});
