/*
 * A worker thread of `trailwatch scan` and `detect` (started by scan-in-workers.ts): reads the files
 * it is handed in batches, one file at a time, with the same core as the main thread, and posts
 * back the results of every few files (ANSWER_FILES) in one message: each file's summary and the
 * log lines it produced, and its correlation matches by correlation group in columns
 * (MatchGroup, lib/rules/correlation/match-book.ts), whose typed columns are transferred.
 * It folds nothing: the main thread does.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { trimmedGroup } from '../rules/index.js';
import { fileReader } from './file-reader.js';
import { ANSWER_FILES, type ScanTask, type ScanTaskResult, type ScanWorkerData } from './scan-in-workers.js';

const port = parentPort;
if (port === null) throw new Error('scan-worker.ts runs as a worker thread (lib/cli/scan-in-workers.ts)');
const read = fileReader(workerData as ScanWorkerData);
// Ready (rules loaded): an empty answer asks for the first files.
port.postMessage([]);

/**
 * Posts the results of a few files, each file's match groups with their typed columns cut to
 * their matches and transferred, not copied.
 */
const answer = (results: ScanTaskResult[]): void => {
  const transfer: ArrayBuffer[] = [];
  for (const result of results)
    if (result.matches !== undefined) {
      result.matches = result.matches.map(trimmedGroup);
      for (const group of result.matches)
        transfer.push(
          group.times.buffer as ArrayBuffer,
          group.eventIds.buffer as ArrayBuffer,
          group.rules.buffer as ArrayBuffer
        );
    }
  port.postMessage(results, transfer);
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
