import { describe, expect, it } from 'vitest';
import { ReportBuilder } from '../../lib/ingest/aggregate.js';
import type { EventCount, FileSummary } from '../../lib/model/summary.js';

/** A file's summary with these counts (one hour). */
const summary = (
  counts: Array<[category: string, source: string, name: string, readOnly: boolean | null, count: number]>
) =>
  ({
    schemaVersion: 1,
    bucket: 'local',
    key: 'k',
    kind: 'log',
    status: 'ok',
    bytes: { compressed: 1, uncompressed: 2 },
    records: counts.reduce((n, c) => n + c[4], 0),
    badRecords: 0,
    recordErrors: [],
    counts: counts.map(
      ([eventCategory, eventSource, eventName, readOnly, count]): EventCount => ({
        hour: '2026-01-03T10',
        eventCategory,
        eventSource,
        eventName,
        readOnly,
        count,
      })
    ),
    errors: [],
    alerts: [],
    detection: {},
    processedAt: '2026-01-03T10:00:00.000Z',
  }) satisfies FileSummary;

describe('ReportBuilder', () => {
  it('adds up each event type over the files, ties in the order first seen', () => {
    // Prepare
    const builder = new ReportBuilder();
    // Act
    builder.add(
      summary([
        ['Management', 'ec2.amazonaws.com', 'RunInstances', false, 2],
        ['Management', 's3.amazonaws.com', 'ListBuckets', true, 1],
        ['Data', 's3.amazonaws.com', 'ListBuckets', null, 1],
      ])
    );
    builder.add(
      summary([
        ['Management', 's3.amazonaws.com', 'ListBuckets', true, 2],
        ['Data', 's3.amazonaws.com', 'ListBuckets', null, 2],
        ['Management', 'ec2.amazonaws.com', 'RunInstances', true, 1],
      ])
    );
    const report = builder.report();
    // Assess
    expect(report.files).toBe(2);
    expect(report.events).toBe(9);
    expect(report.byType.map((t) => [t.eventCategory, t.eventName, t.readOnly, t.count])).toEqual([
      ['Management', 'ListBuckets', true, 3],
      ['Data', 'ListBuckets', null, 3],
      ['Management', 'RunInstances', false, 2],
      ['Management', 'RunInstances', true, 1],
    ]);
  });

  it('keeps types apart whose fields only join to the same text', () => {
    // Prepare
    const builder = new ReportBuilder();
    // Act
    builder.add(
      summary([
        ['Management', 'a|b', 'c', true, 1],
        ['Management', 'a', 'b|c', true, 1],
      ])
    );
    // Assess
    expect(builder.report().byType.map((t) => [t.eventSource, t.eventName, t.count])).toEqual([
      ['a|b', 'c', 1],
      ['a', 'b|c', 1],
    ]);
  });
});
