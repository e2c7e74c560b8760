import type { FileSummary, RecordError } from '../model/summary.js';
import type { InputFile } from './find-input-files.js';

/** A record a command could not use, as `scan --format json` lists it in `skipped`. */
export type SkippedRecord = {
  /** The file, as named on the command line plus its place below that folder. */
  path: string;
  /** The record's position in the file's `Records` array (0-based). */
  index: number;
  /** Where the record starts in the decompressed file (bytes). */
  offset: number;
  reason: Exclude<RecordError['reason'], 'missing-field'>;
  message: string;
};

/**
 * The records of one file that were skipped (invalid UTF-8, JSON a rule could not parse, too
 * large), from the record errors of its summary (at most the first 20 of a file; `badRecords`
 * counts them all). A record without `eventTime`/`eventSource`/`eventName` is counted, not
 * skipped, so it is not listed.
 * @param file - the file as found on disk
 * @param summary - its summary
 * @returns one entry per skipped record, in file order
 */
export const skippedRecords = (file: InputFile, summary: FileSummary): SkippedRecord[] =>
  summary.recordErrors.flatMap((e) =>
    e.reason === 'missing-field'
      ? []
      : [{ path: file.shownPath, index: e.index, offset: e.offset, reason: e.reason, message: e.message }]
  );
