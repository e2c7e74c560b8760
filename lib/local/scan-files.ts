import { createReadStream } from 'node:fs';
import { processLogStream } from '../ingest/process-log.js';
import type { FileSummary } from '../model/summary.js';
import type { Log } from '../model/log.js';
import type { DetectorFactory } from '../rules/index.js';
import type { LocalLogFile } from './find-log-files.js';

/**
 * Ingests local files with the same core the Lambda uses, a few at a time (zlib works on the
 * thread pool, so two files in flight keep both cores busy), yielding summaries in file order.
 */
export async function* scanFiles(
  files: readonly LocalLogFile[],
  options: { detector?: DetectorFactory; log: Log; concurrency?: number }
): AsyncGenerator<FileSummary> {
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const start = (file: LocalLogFile): Promise<FileSummary> =>
    processLogStream(createReadStream(file.path, { highWaterMark: 256 * 1024 }), file.ref, {
      detector: options.detector,
      log: options.log,
    });
  const inFlight: Array<Promise<FileSummary>> = [];
  let next = 0;
  while (next < files.length && inFlight.length < concurrency) inFlight.push(start(files[next++] as LocalLogFile));
  while (inFlight.length > 0) {
    const summary = await (inFlight.shift() as Promise<FileSummary>);
    if (next < files.length) inFlight.push(start(files[next++] as LocalLogFile));
    yield summary;
  }
}
