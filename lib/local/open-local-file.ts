import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { recordsDocument } from '../cloudtrail/input-forms/records-document.js';
import { WHOLE_FILE_LIMIT } from '../cloudtrail/read-records.js';
import type { LocalLogFile } from './find-log-files.js';

/** Chunk size of the stream of a large file: the size the ingest Lambda reads S3 bodies in. */
const CHUNK = 256 * 1024;

/**
 * Opens a log file on disk: a small one (under {@link WHOLE_FILE_LIMIT}, the usual CloudTrail
 * delivery) is read whole, in one synchronous call (a few microseconds from the page cache, where
 * the promise API takes several thread-pool round trips), into a buffer of its own size, which the
 * reader decompresses in one call; a larger one is streamed in 256 KiB chunks, in constant memory.
 * A file in another record form (`file.form`) is streamed as the CloudTrail log file it amounts to.
 * @param file - the file, with the size found on disk
 * @returns its bytes, or a stream of them
 */
export const openLocalFile = (file: LocalLogFile): Uint8Array | Readable => {
  if (file.form !== undefined) {
    const bytes = createReadStream(file.path, { highWaterMark: CHUNK });
    return Readable.from(recordsDocument(bytes, file.form, file.ref));
  }
  return file.size < WHOLE_FILE_LIMIT ? readFileSync(file.path) : createReadStream(file.path, { highWaterMark: CHUNK });
};
