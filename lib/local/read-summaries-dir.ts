import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type FileSummary, SUMMARY_SCHEMA_VERSION } from '../model/summary.js';
import { SnapshotDirError } from './read-snapshot-dir.js';

/**
 * Reads the per-file summaries under a folder (any depth, every `*.json`), e.g. an
 * `aws s3 sync` of the results bucket's summaries, for the audit's cost findings. Files that are
 * not summaries of this schema version are skipped; a file that is not JSON is an error.
 * @param dir - the folder
 * @returns the summaries
 * @throws SnapshotDirError naming the folder or the file that cannot be read
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
    const summary = parsed as Partial<FileSummary>;
    if (
      summary.schemaVersion === SUMMARY_SCHEMA_VERSION &&
      Array.isArray(summary.counts) &&
      typeof summary.bucket === 'string'
    ) {
      summaries.push(summary as FileSummary);
    }
  }
  return summaries;
};
