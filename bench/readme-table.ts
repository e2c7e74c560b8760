/*
 * The README's speed table is written by the benchmark, between two markers, so it cannot drift
 * from what `npm run bench` measured.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { BenchRow } from './cli.js';

export const START_MARKER = '<!-- bench:start -->';
export const END_MARKER = '<!-- bench:end -->';

/** The columns of the table, in order. */
export const COLUMNS = ['goal', 'what', 'trailwatch', 'baseline (same run)', 'ratio', 'target', 'verdict'] as const;

/**
 * The Markdown that goes between the markers: where the figures come from, then the table.
 * @param rows - the results
 * @param about - lines naming the machine, the method and the corpora
 */
export const renderBenchTable = (rows: readonly BenchRow[], about: readonly string[]): string => {
  const cell = (text: string) => text.replaceAll('|', '\\|');
  const lines = [
    ...about.map((line) => `${line}  `),
    '',
    `| ${COLUMNS.join(' | ')} |`,
    `|${COLUMNS.map(() => '---').join('|')}|`,
    ...rows.map(
      (r) =>
        `| ${[r.goal, r.what, r.trailwatch, r.baseline, r.ratio, r.target, r.verdict === 'met' ? '**met**' : r.verdict].map(cell).join(' | ')} |`
    ),
  ];
  return lines.join('\n');
};

/**
 * Puts `table` between the markers of `text`.
 * @throws when the markers are missing or out of order
 */
export const spliceBenchTable = (text: string, table: string): string => {
  const start = text.indexOf(START_MARKER);
  const end = text.indexOf(END_MARKER);
  if (start < 0 || end < start) throw new Error(`README.md needs ${START_MARKER} … ${END_MARKER}`);
  return `${text.slice(0, start + START_MARKER.length)}\n${table}\n${text.slice(end)}`;
};

/** The table between the markers of `text`, as rows of cells (header first); [] when there is none. */
export const parseBenchTable = (text: string): string[][] => {
  const start = text.indexOf(START_MARKER);
  const end = text.indexOf(END_MARKER);
  if (start < 0 || end < start) return [];
  return text
    .slice(start + START_MARKER.length, end)
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|(-+\|)+$/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim().replaceAll('\\|', '|'))
    );
};

/** Rewrites the table in a README file. */
export const writeBenchTable = (path: string, table: string): void =>
  writeFileSync(path, spliceBenchTable(readFileSync(path, 'utf8'), table));
