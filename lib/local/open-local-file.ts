import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { recordsDocument } from '../cloudtrail/input-forms/records-document.js';
import type { LocalLogFile } from './find-log-files.js';

/**
 * Opens a log file on disk as a byte stream, in chunks the size the ingest Lambda reads S3 bodies
 * in. A file in another record form (`file.form`) is read as the CloudTrail log file it amounts to.
 */
export const openLocalFile = (file: LocalLogFile): Readable => {
  const bytes = createReadStream(file.path, { highWaterMark: 256 * 1024 });
  return file.form === undefined ? bytes : Readable.from(recordsDocument(bytes, file.form, file.ref));
};
