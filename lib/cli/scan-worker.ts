/*
 * A worker thread of `trailwatch scan` and `detect` (started by scan-in-workers.ts): reads the files
 * it is handed, one at a time, with the same core as the main thread, and posts back each file's
 * summary and the log lines the file produced. It folds nothing: the main thread does.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { processLogStream } from '../ingest/process-log.js';
import { openLocalFile } from '../local/open-local-file.js';
import type { Log } from '../model/log.js';
import { type DetectorFactory, loadRuleSet, RuleEngine } from '../rules/index.js';
import type { LogCall, ScanTask, ScanTaskResult, ScanWorkerData } from './scan-in-workers.js';

const data = workerData as ScanWorkerData;
const port = parentPort;
if (port === null) throw new Error('scan-worker.ts runs as a worker thread (lib/cli/scan-in-workers.ts)');

/** The log calls of the file being read, replayed by the main thread in file order. */
let calls: LogCall[] = [];
const capture =
  (level: LogCall[0]) =>
  (message: string, ...extra: unknown[]) => {
    calls.push([level, message, ...extra.map(plain)]);
  };
const log: Log = { debug: capture('debug'), info: capture('info'), warn: capture('warn'), error: capture('error') };

let detector: DetectorFactory | undefined;
if (data.rules !== undefined) {
  const ruleSet = loadRuleSet(data.rules);
  detector = new RuleEngine(ruleSet.rules, { suppressions: ruleSet.suppressions, log }).detector;
}

// One file at a time (the next waits in the queue), so the captured log calls are that file's.
let queue: Promise<void> = Promise.resolve();
port.on('message', (task: ScanTask) => {
  queue = queue.then(() => read(task));
});

const read = async (task: ScanTask): Promise<void> => {
  calls = [];
  let result: ScanTaskResult;
  try {
    const summary = await processLogStream(await openLocalFile(task.file), task.file.ref, {
      detector,
      log,
      ...(task.file.key !== undefined && { key: task.file.key }),
    });
    result = { seq: task.seq, summary, logs: calls };
  } catch (error) {
    const { name, message, code, path } = error as Error & { code?: unknown; path?: unknown };
    result = { seq: task.seq, logs: calls, error: { name, message, code, path } };
  }
  port.postMessage(result);
};

/** An Error as the fields the CLI's logger prints of it; anything else as it is. */
function plain(value: unknown): unknown {
  return value instanceof Error ? { error: { name: value.name, message: value.message } } : value;
}
