import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { batchBySize } from '../../lib/alerts/batch-by-size.js';
import { entrySize, eventBridgeSink, putEventsEntry, resourceArns } from '../../lib/alerts/eventbridge-sink.js';
import { makeAlert, makeAlerts } from './make-alert.js';

const ebMock = mockClient(EventBridgeClient);

beforeEach(() => {
  ebMock.reset();
  ebMock.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
    FailedEntryCount: 0,
    Entries: input.Entries.map((_, i) => ({ EventId: `e-${i}` })),
  }));
});

const calls = (): PutEventsRequestEntry[][] =>
  ebMock.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries ?? []);

describe('eventBridgeSink', () => {
  it('builds an entry with Source trailwatch, DetailType by category, the alert as Detail and its ARNs', () => {
    // Prepare
    const alert = makeAlert();
    // Act
    const entry = putEventsEntry(alert, 'security');
    // Assess
    expect(entry).toEqual({
      EventBusName: 'security',
      Source: 'trailwatch',
      DetailType: 'CloudTrail Detection',
      Resources: ['arn:aws:iam::123456789012:user/alice', 'arn:aws:cloudtrail:us-east-1:123456789012:trail/management'],
      Detail: JSON.stringify(alert),
    });
  });

  it.each([
    ['integrity', 'CloudTrail Integrity Finding'],
    ['insight', 'CloudTrail Insight'],
    ['configuration', 'CloudTrail Configuration Finding'],
  ] as const)('uses DetailType %s → %s', (category, detailType) => {
    // Act
    const entry = putEventsEntry(makeAlert({ category }), undefined);
    // Assess
    expect(entry.DetailType).toBe(detailType);
    expect(entry.EventBusName).toBeUndefined();
  });

  it('keeps only valid ARNs in Resources', () => {
    // Act
    const arns = resourceArns(
      makeAlert({
        principal: 'AIDAEXAMPLEPRINCIPAL',
        resources: [
          'arn:aws:s3:::org-trail-logs',
          'my-bucket',
          'arn:aws:s3:::org-trail-logs',
          'arn:aws:iam::123456789012:role/with space',
        ],
      })
    );
    // Assess
    expect(arns).toEqual(['arn:aws:s3:::org-trail-logs']);
  });

  it('sends 23 alerts in calls of at most 10 entries, each alert once', async () => {
    // Prepare
    const alerts = makeAlerts(23);
    // Act
    await eventBridgeSink({ eventBridge: new EventBridgeClient({ region: 'us-east-1' }) }).send(alerts);
    // Assess
    expect(calls().map((c) => c.length)).toEqual([10, 10, 3]);
    expect(
      calls()
        .flat()
        .map((e) => JSON.parse(e.Detail ?? '').id)
        .sort()
    ).toEqual(alerts.map((a) => a.id).sort());
  });

  it('keeps every call under 256 KB when alerts are large', async () => {
    // Prepare: 12 alerts of ~60 KB each
    const alerts = makeAlerts(12, { details: { blob: 'b'.repeat(60_000) } });
    // Act
    await eventBridgeSink({ eventBridge: new EventBridgeClient({ region: 'us-east-1' }) }).send(alerts);
    // Assess
    const sizes = calls().map((c) => c.reduce((sum, e) => sum + entrySize(e), 0));
    expect(sizes.every((s) => s <= 262_144)).toBe(true);
    expect(calls().map((c) => c.length)).toEqual([4, 4, 4]);
  });

  it('trims one alert bigger than 256 KB rather than dropping it', async () => {
    // Prepare
    const alert = makeAlert({ details: { blob: 'b'.repeat(300_000) } });
    // Act
    await eventBridgeSink({ eventBridge: new EventBridgeClient({ region: 'us-east-1' }) }).send([alert]);
    // Assess
    const [entry] = calls().flat();
    expect(entrySize(entry ?? {})).toBeLessThan(262_144);
    expect(JSON.parse(entry?.Detail ?? '')).toMatchObject({ id: alert.id, trimmed: ['details'] });
  });
});

describe('batchBySize', () => {
  it.each([
    ['count limit', [1, 1, 1, 1, 1], 2, 100, [[1, 1], [1, 1], [1]]],
    [
      'byte limit',
      [40, 40, 40, 10],
      10,
      90,
      [
        [40, 40],
        [40, 10],
      ],
    ],
    ['an item over the limit alone', [5, 200, 5], 10, 100, [[5], [200], [5]]],
    ['nothing', [], 10, 100, []],
  ])('splits by %s', (_name, sizes, maxCount, maxBytes, expected) => {
    // Act
    const batches = batchBySize(sizes, (n) => n, maxCount, maxBytes);
    // Assess
    expect(batches).toEqual(expected);
  });
});
