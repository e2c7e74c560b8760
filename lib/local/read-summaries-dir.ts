import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type FileSummary, SUMMARY_SCHEMA_VERSION } from '../model/summary.js';
import { SnapshotDirError } from './read-snapshot-dir.js';

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isText = (value: unknown): value is string => typeof value === 'string';
const isOptionalText = (value: unknown): boolean => value === undefined || typeof value === 'string';

/** What is wrong with a file that says it is a schema-1 summary, if anything (docs/summary-schema.md). */
const problemOf = (summary: Partial<FileSummary>): string | undefined => {
  if (!isText(summary.key)) return 'key is not a string';
  if (summary.kind !== 'log' && summary.kind !== 'insight') return "kind is neither 'log' nor 'insight'";
  for (const field of ['accountId', 'region', 'deliveredAt', 'lastEventTime'] as const) {
    if (!isOptionalText(summary[field])) return `${field} is not a string`;
  }
  if (!isCount(summary.records)) return 'records is not a non-negative integer';
  if (!isCount(summary.bytes?.uncompressed)) return 'bytes.uncompressed is not a non-negative integer';
  const counts = summary.counts as unknown[];
  for (const [i, entry] of counts.entries()) {
    const c = entry as Partial<FileSummary['counts'][number]> | null;
    if (c === null || typeof c !== 'object') return `counts[${i}] is not an object`;
    for (const field of ['hour', 'eventCategory', 'eventSource', 'eventName'] as const) {
      if (!isText(c[field])) return `counts[${i}].${field} is not a string`;
    }
    if (c.readOnly !== true && c.readOnly !== false && c.readOnly !== null)
      return `counts[${i}].readOnly is not true, false or null`;
    if (!isCount(c.count)) return `counts[${i}].count is not a non-negative integer`;
  }
  return undefined;
};

/**
 * Reads the per-file summaries under a folder (any depth, every `*.json`), e.g. an
 * `aws s3 sync` of the results bucket's summaries, for the audit's cost findings. Files that are
 * not summaries of this schema version are skipped; a file that is not JSON, or that says it is
 * a summary but has fields of the wrong type, is an error. Keys such as `__proto__` in a file stay
 * plain keys (JSON.parse makes them own properties, and the audit counts into maps without a
 * prototype).
 * @param dir - the folder
 * @returns the summaries
 * @throws SnapshotDirError naming the folder or the file that cannot be read, and what is wrong
 */
export const readSummariesDir = async (dir: string): Promise<FileSummary[]> => {
  let names: string[];
  try {
    names = (await readdir(dir, { recursive: true })) as string[];
  } catch (error) {
    throw new SnapshotDirError(dir, 'is not a readable folder', { cause: error });
  }
  const summaries: FileSummary[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const path = join(dir, name);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw new SnapshotDirError(path, 'is not a JSON summary', { cause: error });
    }
    const summary = parsed as Partial<FileSummary> | null;
    if (
      summary !== null &&
      typeof summary === 'object' &&
      summary.schemaVersion === SUMMARY_SCHEMA_VERSION &&
      Array.isArray(summary.counts) &&
      typeof summary.bucket === 'string'
    ) {
      const problem = problemOf(summary);
      if (problem !== undefined) throw new SnapshotDirError(path, `is not a valid summary: ${problem}`);
      summaries.push(summary as FileSummary);
    }
  }
  return summaries;
};
