/*
 * A worker thread of `trailwatch scan` and `detect` (started by scan-in-workers.ts): reads the files
 * it is handed in batches, one file at a time, with the same core as the main thread, and posts
 * back the results of every few files (ANSWER_FILES) in one message: each file's summary and the
 * log lines it produced, and its correlation matches by correlation group in columns
 * (MatchGroup, lib/rules/correlation/match-book.ts), whose typed columns are packed into one
 * buffer per message and transferred.
 * It folds nothing: the main thread does.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fileReader } from './file-reader.js';
import { packedMatchGroups } from './packed-match-groups.js';
import { ANSWER_FILES, type ScanTask, type ScanTaskResult, type ScanWorkerData } from './scan-in-workers.js';

const port = parentPort;
if (port === null) throw new Error('scan-worker.ts runs as a worker thread (lib/cli/scan-in-workers.ts)');
const read = fileReader(workerData as ScanWorkerData);
// Ready (rules loaded): an empty answer asks for the first files.
port.postMessage([]);

/**
 * Posts the results of a few files, the typed columns of their match groups packed into one
 * buffer that is transferred, not copied (packedMatchGroups).
 */
const answer = (results: ScanTaskResult[]): void => {
  port.postMessage(results, packedMatchGroups(results));
};

// One file at a time (the next batch waits in the queue), so the captured log calls are that file's.
let queue: Promise<void> = Promise.resolve();
port.on('message', (batch: ScanTask[]) => {
  queue = queue.then(async () => {
    let results: ScanTaskResult[] = [];
    for (const task of batch) {
      results.push(await read(task));
      if (results.length === ANSWER_FILES) {
        answer(results);
        results = [];
      }
    }
    if (results.length > 0) answer(results);
  });
});
