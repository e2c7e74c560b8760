import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BenchRow } from '../../bench/cli.js';
import {
  COLUMNS,
  END_MARKER,
  parseBenchTable,
  renderBenchTable,
  spliceBenchTable,
  START_MARKER,
} from '../../bench/readme-table.js';
import { REPO_ROOT } from '../helpers/spawn-trailwatch.js';

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

describe("README's speed table", () => {
  it('sits between the bench markers and parses: every goal, a figure, a ratio and a verdict per row', () => {
    // Act
    const [header, ...rows] = parseBenchTable(README);
    // Assess
    expect(README.indexOf(START_MARKER)).toBeGreaterThan(0);
    expect(README.indexOf(END_MARKER)).toBeGreaterThan(README.indexOf(START_MARKER));
    expect(header).toEqual([...COLUMNS]);
    for (const row of rows) {
      expect(row).toHaveLength(COLUMNS.length);
      expect(row[2]).toMatch(/\d/);
      expect(row[4]).toMatch(/^(\d+\.\d\d×|-)$/);
      expect(row[6]).toMatch(/^(\*\*met\*\*|not met|n\/a)$/);
    }
    expect(new Set(rows.map((r) => r[0]))).toEqual(
      new Set(['start-up', 'small files', 'big files', 'every core', 'memory', 'Lambda', 'incident store'])
    );
    expect(README).toMatch(/Machine: .+cores available, Node v\d+/);
  });

  it('is replaced whole by a new run, and a row with a | in it survives the round trip', () => {
    // Prepare
    const row: BenchRow = {
      goal: 'memory',
      what: 'a | b',
      trailwatch: '12 MB (11–13)',
      baseline: '40 MB (39–41)',
      ratio: '3.33×',
      target: '≤ 128 MB',
      verdict: 'met',
    };
    // Act
    const text = spliceBenchTable(README, renderBenchTable([row], ['Machine: test.']));
    // Assess
    expect(parseBenchTable(text)).toEqual([
      [...COLUMNS],
      ['memory', 'a | b', '12 MB (11–13)', '40 MB (39–41)', '3.33×', '≤ 128 MB', '**met**'],
    ]);
    expect(text.slice(0, text.indexOf(START_MARKER))).toBe(README.slice(0, README.indexOf(START_MARKER)));
    expect(text.slice(text.indexOf(END_MARKER))).toBe(README.slice(README.indexOf(END_MARKER)));
  });
});
