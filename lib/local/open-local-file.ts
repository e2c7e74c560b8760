import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { LocalLogFile } from './find-log-files.js';

/** Opens a log file on disk as a byte stream, in chunks the size the ingest Lambda reads S3 bodies in. */
export const openLocalFile = (file: LocalLogFile): Readable =>
  createReadStream(file.path, { highWaterMark: 256 * 1024 });
