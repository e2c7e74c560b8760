import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../lib/cli/main.js';
import type { CliIo } from '../../lib/cli/parse-command.js';
import { readSummariesDir } from '../../lib/local/read-summaries-dir.js';
import type { FileSummary } from '../../lib/model/summary.js';
import { auditTrails } from '../../lib/trails/audit-trails.js';
import { cliEvidence, writeEvidence } from './evidence.js';
import { ACCOUNT, goodSnapshot, goodTrail, goodTrailCalls, summaryWith, withTrail } from './snapshots.js';

const SECOND_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/second`;

const prototypeKeys = (): string[] => Object.getOwnPropertyNames(Object.prototype).sort();
const CLEAN_PROTOTYPE = prototypeKeys();
const plain = (): Record<string, unknown> => ({});

/**
 * A summary file as a hostile writer would make it: a `__proto__` member at the top and in each
 * count (JSON.parse keeps them as own keys), and counts under event sources and names such as
 * `__proto__`, `constructor` and `prototype`.
 */
const hostileText = (summary: FileSummary): string =>
  `{"__proto__":{"polluted":"yes"},${JSON.stringify({
    ...summary,
    counts: summary.counts.map((c, i) => ({
      ...c,
      eventName: ['constructor', '__proto__', 'prototype', 'hasOwnProperty'][i % 4],
    })),
  })
    .slice(1)
    .replaceAll('{"hour":', '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"hour":')}`;

const writeSummaries = async (dir: string, summaries: FileSummary[]): Promise<void> => {
  for (const [i, summary] of summaries.entries()) await writeFile(join(dir, `summary-${i}.json`), hostileText(summary));
};

describe('summaries with hostile keys', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trailwatch-hostile-'));
  });
  afterEach(async () => {
    // Undo what a polluting build left behind, so that one failure does not spread to other tests.
    for (const key of prototypeKeys()) {
      if (!CLEAN_PROTOTYPE.includes(key)) delete (Object.prototype as Record<string, unknown>)[key];
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('prices data events of a __proto__ and a constructor source through trails audit --summaries without touching Object.prototype', async () => {
    // Prepare: basic data selectors on every S3 object; 1,500,000 reads and 500,000 writes a month
    const evidence = cliEvidence();
    evidence['get-event-selectors.us-east-1.main.json'] = {
      EventSelectors: [
        {
          ReadWriteType: 'All',
          IncludeManagementEvents: true,
          DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }],
        },
      ],
    };
    await writeEvidence(join(dir, 'evidence'), evidence);
    await writeEvidence(join(dir, 'summaries'), {});
    await writeSummaries(
      join(dir, 'summaries'),
      summaryWith({
        category: 'Data',
        events: [
          { source: '__proto__', read: true, count: 1_500_000 },
          { source: 'constructor', read: false, count: 500_000 },
        ],
      }).map((s) => ({ ...s, accountId: '__proto__', region: 'constructor' }))
    );
    const out: string[] = [];
    const io: CliIo = { stdout: (t) => out.push(t), stderr: () => {}, isTty: false };
    // Act
    await main(
      [
        'trails',
        'audit',
        '--from-dir',
        join(dir, 'evidence'),
        '--summaries',
        join(dir, 'summaries'),
        '--format',
        'json',
      ],
      io
    );
    // Assess
    expect(prototypeKeys()).toEqual(CLEAN_PROTOTYPE);
    expect(plain().polluted).toBeUndefined();
    expect(plain().read).toBeUndefined();
    expect(plain().write).toBeUndefined();
    const finding = JSON.parse(out.join('')).findings.find((f: { id: string }) => f.id === 'data-events-unscoped');
    expect(finding).toMatchObject({
      monthlyCostUsd: 2,
      evidence: expect.objectContaining({ monthlyDataEvents: 2_000_000, monthlyReadDataEvents: 1_500_000 }),
    });
  });

  it('prices a management copy of __proto__ and prototype sources in the right account and region', async () => {
    // Prepare: a second trail pays for 100,000 reads and 50,000 writes a month ($3.00)
    const calls = goodTrailCalls(SECOND_ARN);
    const snapshot = withTrail(
      goodSnapshot(),
      goodTrail({ Name: 'second', TrailARN: SECOND_ARN, S3BucketName: 'second-trail-logs' }),
      calls
    );
    await writeSummaries(
      dir,
      summaryWith({
        events: [
          { source: '__proto__', read: true, count: 100_000 },
          { source: 'prototype', read: false, count: 50_000 },
        ],
      })
    );
    // Act
    const summaries = await readSummariesDir(dir);
    const report = auditTrails(snapshot, { summaries });
    // Assess
    expect(prototypeKeys()).toEqual(CLEAN_PROTOTYPE);
    expect(plain().read).toBeUndefined();
    const finding = report.findings.find((f) => f.id === 'management-events-duplicate-copy');
    expect(finding?.monthlyCostUsd).toBe(3);
    expect(finding?.evidence.regions).toContainEqual(
      expect.objectContaining({ region: 'us-east-1', monthlyEvents: 150_000, basis: 'first-copy-files' })
    );
  });

  it.each([
    ['a count that is text', { count: '5' }, 'counts[0].count is not a non-negative integer'],
    ['a negative count', { count: -1 }, 'counts[0].count is not a non-negative integer'],
    ['an event source that is an object', { eventSource: { toString: 1 } }, 'counts[0].eventSource is not a string'],
    ['a readOnly that is text', { readOnly: 'yes' }, 'counts[0].readOnly is not true, false or null'],
  ])('refuses a summary with %s, naming the file and the field', async (_, change, problem) => {
    // Prepare
    const [summary] = summaryWith({ events: [{ source: 'ec2.amazonaws.com', read: true, count: 2 }], files: 1 });
    const bad = { ...summary, counts: summary?.counts.map((c) => ({ ...c, ...change })) };
    await writeFile(join(dir, 'bad.json'), JSON.stringify(bad));
    // Act
    const reading = readSummariesDir(dir);
    // Assess
    await expect(reading).rejects.toMatchObject({
      name: 'SnapshotDirError',
      message: `${join(dir, 'bad.json')}: is not a valid summary: ${problem}`,
    });
  });

  it('skips JSON files that are no summary, null included', async () => {
    // Prepare
    await writeFile(join(dir, 'null.json'), 'null');
    await writeFile(join(dir, 'list.json'), '[1, 2]');
    // Act
    const summaries = await readSummariesDir(dir);
    // Assess
    expect(summaries).toEqual([]);
  });
});
