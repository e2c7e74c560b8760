import type { CloudTrailKey } from '../cloudtrail/parse-key.js';
import type { Readable } from 'node:stream';
import { processLogStream } from '../ingest/process-log.js';
import type { FileSummary } from '../model/summary.js';
import type { Log } from '../model/log.js';
import type { DetectorFactory } from '../rules/index.js';
import type { ObjectRef } from '../model/object-ref.js';

/**
 * The CLI's ingest flow: reads log files with the same core the Lambda uses, a few at a time (zlib works on the
 * thread pool, so two files in flight keep both cores busy), yielding summaries in file order.
 */
export async function* scanFiles<F extends { ref: ObjectRef; key?: CloudTrailKey }>(
  files: readonly F[],
  options: {
    /** Opens one file: a byte stream, or its bytes whole when small (lib/local/open-local-file.ts on disk). */
    open: (file: F) => Readable | Uint8Array | Promise<Readable | Uint8Array>;
    detector?: DetectorFactory;
    log: Log;
    concurrency?: number;
    /** False: summaries without `counts` and `errors` (ProcessOptions.counts). */
    counts?: boolean;
  }
): AsyncGenerator<FileSummary> {
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const read = (file: F, body: Readable | Uint8Array): Promise<FileSummary> =>
    processLogStream(body, file.ref, {
      detector: options.detector,
      log: options.log,
      ...(file.key !== undefined && { key: file.key }),
      ...(options.counts === false && { counts: false }),
    });
  // A file opened synchronously (a small one read whole) is read at once, without a promise hop
  // for its opening; a failure to open still fails the run only when its turn comes.
  const start = (file: F): Promise<FileSummary> => {
    try {
      const opened = options.open(file);
      return opened instanceof Promise ? opened.then((body) => read(file, body)) : read(file, opened);
    } catch (error) {
      return Promise.reject(error);
    }
  };
  const inFlight: Array<Promise<FileSummary>> = [];
  // A file that failed waits for its turn: while the files before it are read (and awaited), its
  // rejection has no handler yet, which Node would report as unhandled and stop the process over.
  const queue = (file: F) => {
    const started = start(file);
    started.catch(() => {});
    inFlight.push(started);
  };
  let next = 0;
  while (next < files.length && inFlight.length < concurrency) queue(files[next++] as F);
  while (inFlight.length > 0) {
    const summary = await (inFlight.shift() as Promise<FileSummary>);
    if (next < files.length) queue(files[next++] as F);
    yield summary;
  }
}
