import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { writeTrailBucket } from '../helpers/log-files.js';
import { record } from '../rules/helpers.js';

const KEY =
  'AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/111122223333_CloudTrail_us-east-1_20260102T0310Z_CsvInjection0001.json.gz';

/** Event names as a caller may send them, and the cell `trailwatch cost --format csv` must write. */
const CELLS: Array<[string, string, string]> = [
  ['=', '=HYPERLINK("https://example.com/x","open")', `"'=HYPERLINK(""https://example.com/x"",""open"")"`],
  ['+', '+SUM(1;2)', "'+SUM(1;2)"],
  ['-', '-2+3', "'-2+3"],
  ['@', '@SUM(A1)', "'@SUM(A1)"],
  ['a tab', '\t=1+1', "'\t=1+1"],
  ['a carriage return', '\r=1+1', `"'\r=1+1"`],
];

describe('trailwatch cost --format csv and formula-like text', () => {
  let dir: string;
  let csv: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trailwatch-csv-'));
    const records = [
      ...CELLS.map(([, eventName], i) => record({ eventSource: 'ec2.amazonaws.com', eventName }, `csv/${i}`)),
      record({ eventSource: '@evil.example.com', eventName: 'DescribeInstances' }, 'csv/source'),
      record({ eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances' }, 'csv/plain'),
    ];
    const run = await runCli([
      'cost',
      await writeTrailBucket(dir, KEY, records),
      '--format',
      'csv',
      '--copy',
      'additional',
    ]);
    expect(run.code).toBe(0);
    csv = run.stdout;
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it.each(CELLS)('prefixes an event name starting with %s with a quote', (_, eventName, cell) => {
    // Assess
    expect(csv).toContain(`,ec2.amazonaws.com,${cell},1,`);
    expect(csv).not.toContain(`,${eventName},`);
  });

  it('prefixes an event source too, and leaves plain text and numbers as they are', () => {
    // Assess
    expect(csv).toContain("Management,'@evil.example.com,DescribeInstances,1,");
    expect(csv).toMatch(/\r\nManagement,ec2\.amazonaws\.com,RunInstances,1,0\.125,0\.00002,0\.00002,0\r\n/);
  });
});
