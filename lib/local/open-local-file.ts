import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { recordsDocument } from '../cloudtrail/input-forms/records-document.js';
import { WHOLE_FILE_LIMIT } from '../cloudtrail/read-records.js';
import type { LocalLogFile } from './find-log-files.js';

/** Chunk size of the stream of a large file: the size the ingest Lambda reads S3 bodies in. */
const CHUNK = 256 * 1024;

/**
 * Opens a log file on disk: a small one (under {@link WHOLE_FILE_LIMIT}, the usual CloudTrail
 * delivery) is read whole, synchronously (a few microseconds from the page cache, where the
 * promise API takes several thread-pool round trips), into a buffer of the size found on disk,
 * which the reader decompresses in one call; a larger one is streamed in 256 KiB chunks, in
 * constant memory.
 * A file in another record form (`file.form`) is streamed as the CloudTrail log file it amounts to.
 * @param file - the file, with the size found on disk
 * @returns its bytes, or a stream of them
 */
export const openLocalFile = (file: LocalLogFile): Uint8Array | Readable => {
  if (file.form !== undefined) {
    const bytes = createReadStream(file.path, { highWaterMark: CHUNK });
    return Readable.from(recordsDocument(bytes, file.form, file.ref));
  }
  return file.size < WHOLE_FILE_LIMIT
    ? readWhole(file.path, file.size)
    : createReadStream(file.path, { highWaterMark: CHUNK });
};

/**
 * The file's first `size` bytes (fewer if it is shorter now): readFileSync without its fstat,
 * since the size is known. A file that grew since it was found reads as its first `size` bytes,
 * which the reader reports as a truncated file.
 */
const readWhole = (path: string, size: number): Buffer => {
  const bytes = Buffer.allocUnsafe(size);
  const fd = openSync(path, 'r');
  try {
    let read = 0;
    while (read < size) {
      const n = readSync(fd, bytes, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return read === size ? bytes : bytes.subarray(0, read);
  } finally {
    closeSync(fd);
  }
};
