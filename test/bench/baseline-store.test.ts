import { describe, expect, it } from 'vitest';
import { type BaselinePass, baselineRows, monthlyUsd } from '../../bench/baseline-store.js';
import { parseBenchTable, renderBenchTable, START_MARKER, END_MARKER } from '../../bench/readme-table.js';

const pass: BaselinePass = {
  name: 'new deployment',
  events: 77_099,
  files: 3_000,
  alerts: 0,
  ms: 1,
  reads: 7,
  keysRead: 17,
  writes: 12,
  byOperation: new Map([
    ['BatchGetItem', 7],
    ['UpdateItem', 12],
  ]),
};

describe('the baseline-store bench rows', () => {
  it('prices the requests of 2,482 million events a month at DynamoDB on-demand rates', () => {
    // Act
    const usd = monthlyUsd(pass);
    // Assess: 220.5 read units and 155.6 write units per million events
    expect(usd.reads).toBeCloseTo((17 / 77_099) * 2_482 * 0.125, 6);
    expect(usd.writes).toBeCloseTo((12 / 77_099) * 2_482 * 0.625, 6);
  });

  it('fit the README table: goal incident store, a figure, no ratio, verdict n/a', () => {
    // Act
    const text = `${START_MARKER}\n${renderBenchTable(baselineRows([pass]), [])}\n${END_MARKER}`;
    const [, row] = parseBenchTable(text);
    // Assess
    expect(row).toEqual([
      'incident store',
      'first-seen baselines (items of the incident table): DynamoDB requests per million events, the first-seen judge over 3,000 small files, new deployment',
      '91 BatchGetItem (220 read units), 156 UpdateItem; 1,000 accounts × 17 regions: $0.31 a month',
      '-',
      '-',
      'counted',
      'n/a',
    ]);
  });
});
