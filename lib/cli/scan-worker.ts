/*
 * A worker thread of `trailwatch scan` and `detect` (started by scan-in-workers.ts): reads the files
 * it is handed, one at a time, with the same core as the main thread, and posts back each file's
 * summary and the log lines the file produced. It folds nothing: the main thread does.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fileReader } from './file-reader.js';
import type { ScanTask, ScanWorkerData } from './scan-in-workers.js';

const port = parentPort;
if (port === null) throw new Error('scan-worker.ts runs as a worker thread (lib/cli/scan-in-workers.ts)');
const read = fileReader(workerData as ScanWorkerData);

// One file at a time (the next waits in the queue), so the captured log calls are that file's.
let queue: Promise<void> = Promise.resolve();
port.on('message', (task: ScanTask) => {
  queue = queue.then(async () => port.postMessage(await read(task)));
});
