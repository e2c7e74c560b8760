import { availableParallelism, totalmem } from 'node:os';
import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { pathToFileURL } from 'node:url';
import { cgroupCpuQuota } from '../local/cgroup-cpu-quota.js';
import { openLocalFile } from '../local/open-local-file.js';
import { fileReader } from './file-reader.js';
import type { LocalLogFile } from '../local/find-log-files.js';
import type { Log } from '../model/log.js';
import type { FirstSeenCandidate } from '../model/baseline.js';
import type { AlertDraft } from '../model/alert.js';
import type { MatchGroup } from '../model/correlation.js';
import type { FileSummary } from '../model/summary.js';
import type { ObjectRef } from '../model/object-ref.js';
import type { DetectorFactory } from '../rules/index.js';
import type { WorkerIpData } from './ip-context.js';
import { scanFiles } from '../pipelines/scan-files.js';

/** Which rules the workers load, as `loadRuleSet` takes them (absent: count only, no detection). */
export type WorkerRules = { dirs: string[]; disabled: string[] };

/**
 * What each worker is started with: the rules, whether the caller correlates across files
 * (then each file's correlation matches come back with its summary instead of being judged in
 * the file), whether summaries leave out their counts (`counts: false`), and the least severe
 * log level the caller writes (`logLevel`: calls below it are neither kept nor posted).
 */
export type ScanWorkerData = {
  rules?: WorkerRules;
  correlate?: boolean;
  ipData?: WorkerIpData;
  counts?: false;
  logLevel?: LogCall[0];
};

/**
 * One file as a thread read it: its summary and, when the run correlates across files, the
 * matches of the rules that correlations reference (plain data, by correlation group in columns,
 * Detector.deferMatchGroups), which the caller folds into the correlation states on the main thread.
 */
export type ScannedFile = {
  summary: FileSummary;
  matches?: readonly MatchGroup[];
  candidates?: readonly FirstSeenCandidate[];
  /**
   * With `drafts`, the rule alerts of a file this thread read, as drafts (left out of the
   * summary's alerts, which go after them); a worker's come built, in its summary.
   */
  drafts?: readonly AlertDraft[];
  /** The id of the worker thread that read the file (absent: this thread read it). */
  thread?: number;
};

/** One file for a worker (a worker is handed them in batches, and answers each batch in one message). */
export type ScanTask = { seq: number; file: LocalLogFile };

/** One log call made while a worker read a file: level, message, fields. */
export type LogCall = ['debug' | 'info' | 'warn' | 'error', string, ...unknown[]];

/** A worker's answer for one file: its summary, or the error that stopped it. */
export type ScanTaskResult = {
  seq: number;
  summary?: FileSummary;
  matches?: MatchGroup[];
  /** The worker thread that read the file (set as its answer arrives). */
  thread?: number;
  /** The first-seen rules' candidates of the file (with `correlate`), judged on the main thread. */
  candidates?: FirstSeenCandidate[];
  logs: LogCall[];
  error?: { name: string; message: string; code?: unknown; path?: unknown };
};

/**
 * Below this much input (compressed bytes, all files) a run stays on the main thread unless
 * `--workers` asks otherwise: starting a worker costs more than reading a few megabytes.
 */
export const IN_PROCESS_BELOW = 8 * 1024 * 1024;

/**
 * Files a worker is handed in one message, and the compressed bytes past which a batch closes:
 * one message per batch instead of per file, so a folder of small files costs a few hundred
 * wake-ups of the other thread instead of thousands. A worker answers every
 * {@link ANSWER_FILES} files (scan-worker.ts), so the main thread can fold the first files of a
 * batch while the worker reads the rest.
 */
const BATCH_FILES = 8;
const BATCH_BYTES = 512 * 1024;

/** Files a worker answers in one message (fewer at the end of a batch). */
export const ANSWER_FILES = 4;

/**
 * Files and compressed bytes a worker holds at once (a batch being read, one waiting), so it
 * rarely waits for the main thread, yet leaves this thread files to read: a worker handed sixteen
 * big files of a twenty-file folder kept this thread idle for half the run. The byte bound applies
 * from the second file on: a worker always has the next file in hand.
 */
const IN_HAND = 2 * BATCH_FILES;
const IN_HAND_BYTES = 2 * BATCH_BYTES;

/** How far over its live size a heap may grow before V8 collects it. */
const HEAP_GROWING_PERCENT = 10;

/**
 * How far past the next summary to yield the threads may read, which bounds the results held
 * (each waits, summary and matches, until the files before it are folded).
 */
const AHEAD = 64;

/**
 * Where the batch of files that starts at `from` ends: at most {@link BATCH_FILES} files, closed
 * by the file that brings it to {@link BATCH_BYTES} compressed bytes (a big file goes alone),
 * never at or past `limit`.
 * @param files - the files of the run, with their sizes
 * @param from - the first file of the batch (below `limit`)
 * @param limit - the first file the batch may not take
 * @returns the index past the batch's last file (more than `from`)
 */
export const batchEnd = (files: readonly { size: number }[], from: number, limit: number): number => {
  let end = from;
  let bytes = 0;
  while (end < limit && end - from < BATCH_FILES && bytes < BATCH_BYTES)
    bytes += (files[end++] as { size: number }).size;
  return end;
};

/**
 * Where the next batch handed to a worker ends: none (`from`) while the worker holds
 * {@link IN_HAND} files, or two files or more of {@link IN_HAND_BYTES} compressed bytes; else a
 * batch ({@link batchEnd}) of at most `share` files and what the worker may still take.
 * @param files - the files of the run, with their sizes
 * @param from - the next file to hand out
 * @param limit - the first file that may not be handed out yet (read-ahead bound, or the end)
 * @param hand - the files and compressed bytes the worker holds (handed, not yet answered)
 * @param share - the most files one batch may take (smaller near the end of the run)
 * @returns the index past the batch's last file; `from` when the worker gets none
 */
export const handOutEnd = (
  files: readonly { size: number }[],
  from: number,
  limit: number,
  hand: { files: number; bytes: number },
  share: number
): number => {
  if (from >= limit || hand.files >= IN_HAND || (hand.files >= 2 && hand.bytes >= IN_HAND_BYTES)) return from;
  return batchEnd(files, from, Math.min(limit, from + Math.min(IN_HAND - hand.files, share)));
};

/**
 * Fewest available cores at which a run starts worker threads unprompted. One thread already keeps
 * about 1.3 cores busy (V8's background compiler and collector, zlib on the thread pool), and each
 * extra thread optimises the same code again: on 2 cores `detect --workers 1` took 1.65 s (2.07 s
 * CPU) on 3,000 small files and 1.70 s (2.13 s) on 20 big ones, against 1.86 s (2.50 s) and 2.04 s
 * (2.59 s) with 2 threads and 1.77 s (3.03 s) and 1.87 s (3.15 s) with 3.
 */
export const MIN_CORES_FOR_THREADS = 4;

/**
 * What one thread and each worker thread add to the run's peak memory, rounded up from what
 * `detect` measured on the 2-core development machine (peak RSS of the whole process, the bench
 * corpora: one thread 90–105 MB, each worker 29–41 MB more): the default thread count keeps
 * their sum within half the memory the process may use ({@link memoryLimit}), leaving the rest
 * for peaks beyond these corpora's and for the rest of the container.
 */
const ONE_THREAD_BYTES = 128 * 1024 * 1024;
const WORKER_BYTES = 48 * 1024 * 1024;

/** {@link usableCores} once read: the thread count and the `reading files` line then share one reading of the cgroup files. */
let usable: number | undefined;

/** The cores this process may keep busy: its CPU affinity mask, and its cgroup's CPU quota when it has one (read once per process). */
export const usableCores = (): number =>
  (usable ??= Math.max(1, Math.min(availableParallelism(), cgroupCpuQuota() ?? Number.POSITIVE_INFINITY)));

/**
 * The memory this process may use: its cgroup's limit when it has one (process.constrainedMemory),
 * else the machine's. Without a limit Node 20 gives undefined or 2^64, later versions 0.
 */
export const memoryLimit = (): number => {
  const limit = process.constrainedMemory?.();
  return Math.min(limit !== undefined && limit > 0 ? limit : Number.POSITIVE_INFINITY, totalmem());
};

/**
 * The most threads whose memory ({@link ONE_THREAD_BYTES}, {@link WORKER_BYTES} each more) fits in
 * half of `limit`; at least 1.
 * @param limit - the bytes the process may use
 */
export const threadsThatFit = (limit: number): number =>
  Math.max(1, 1 + Math.floor((limit / 2 - ONE_THREAD_BYTES) / WORKER_BYTES));

/**
 * How many worker threads a run uses: `--workers` when given, else one per usable core
 * ({@link usableCores}: os.availableParallelism, which honours `taskset`, and a container's CPU
 * quota, which Node 20's does not) from {@link MIN_CORES_FOR_THREADS} cores on, and no more than fit
 * in half the process's memory ({@link threadsThatFit}); 1 (the main thread) on fewer cores or for
 * a small input.
 * @param requested - the `--workers` value, if any
 * @param files - the files of the run
 * @param cores - the cores the process may keep busy
 * @param memory - the bytes the process may use
 * @returns 1 or more; 1 means no worker thread
 */
export const workerCount = (
  requested: number | undefined,
  files: readonly LocalLogFile[],
  cores: number = usableCores(),
  memory: number = memoryLimit()
): number => {
  const bytes = files.reduce((sum, file) => sum + file.size, 0);
  const wanted =
    requested ??
    (bytes < IN_PROCESS_BELOW || cores < MIN_CORES_FOR_THREADS ? 1 : Math.min(cores, threadsThatFit(memory)));
  return Math.max(1, Math.min(wanted, files.length));
};

/**
 * Reads log files with the ingest core in `workers` threads: this one and `workers - 1` worker
 * threads (1: this thread alone, through scanFiles), and yields their summaries in file order.
 * Each thread reads whole files (a big one still streams in constant memory) and hands back the
 * summary, the correlation matches (with `correlate`) and the log lines of each file; the lines
 * are replayed on `log` in file order, so output does not depend on the worker count. Unless
 * `readHere` is false, this thread reads too, between handing out files and yielding summaries:
 * a thread fewer to start and to hold in memory. With `--verbose` (info), says how many files and
 * threads the run uses.
 * @param files - the files, in the order their summaries are wanted
 * @param options - worker count, the rules the workers load (the same the caller's `detector`
 *   was built from), whether the caller correlates across files, and the run's logger
 */
export async function* scanInWorkers(
  files: readonly LocalLogFile[],
  options: {
    workers: number;
    log: Log;
    rules?: WorkerRules;
    /**
     * The IP databases the workers' engines share with the caller's (read once, into
     * SharedArrayBuffers); asked only when a worker thread starts.
     */
    ipData?: () => WorkerIpData;
    detector?: DetectorFactory;
    /** Hand back each file's correlation matches instead of judging correlations within the file. */
    correlate?: boolean;
    /**
     * Hand back the rule alerts of the files this thread reads alone as drafts
     * (ScannedFile.drafts, Detector.deferAlerts), for a caller that folds them into incidents.
     */
    drafts?: boolean;
    /**
     * Whether this thread reads files too while workers run (default true). `detect` says false:
     * it folds every file on this thread, and a thread that both reads and folds runs (and has
     * V8 compile) the reading code a second time, besides holding more in its heap.
     */
    readHere?: boolean;
    /** Called with each worker's thread id as it starts. */
    onWorkerStart?: (threadId: number) => void;
    /**
     * False: summaries without `counts` and `errors` (`detect` reads neither), which spares
     * each file their tally and, from a worker, their copy.
     */
    counts?: boolean;
    /**
     * The least severe level `log` writes (default debug: every call): a worker thread keeps and
     * posts only the log calls at it and above (`detect` without --verbose drops each file's
     * 'log file processed' line, 3,000 posted lines for 3,000 files).
     */
    logLevel?: LogCall[0];
  }
): AsyncGenerator<ScannedFile> {
  const count = Math.max(1, Math.min(options.workers, files.length));
  // With what the default thread count went by (workerCount), so --verbose says why a run reads in so many.
  options.log.info('reading files', {
    files: files.length,
    threads: count,
    usableCores: usableCores(),
    memoryLimitMb: Math.round(memoryLimit() / (1024 * 1024)),
  });
  // V8 lets a heap grow to several times what it holds before collecting it, by how cheap its
  // first full collections were: so one thread reading 3,000 small files peaked at 86 MB in some
  // runs and 125 MB in others, and a worker or a big file's held matches grow it further. Every
  // heap (this one's, and each worker's) is held to 10% over what it last held: a few more full
  // collections, no measurable CPU, and the same peak in every run.
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  if (count === 1) {
    yield* scanHere(files, options);
    return;
  }
  const data: ScanWorkerData = {
    ...(options.rules !== undefined && { rules: options.rules }),
    ...(options.ipData !== undefined && { ipData: options.ipData() }),
    ...(options.correlate === true && { correlate: true }),
    ...(options.counts === false && { counts: false as const }),
    ...(options.logLevel !== undefined && { logLevel: options.logLevel }),
  };
  const workers = Array.from({ length: count - 1 }, () => startWorker(data));
  for (const worker of workers) options.onWorkerStart?.(worker.threadId);
  const results = new Map<number, ScanTaskResult>();
  // Files and compressed bytes each worker has in hand (handed, not yet answered).
  const hands = new Map<Worker, { files: number; bytes: number }>(workers.map((w) => [w, { files: 0, bytes: 0 }]));
  const readHere = options.readHere ?? true;
  let next = 0;
  let yielded = 0;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  // Near the end, smaller batches: no thread should be left reading a batch while the others idle.
  const share = () => Math.ceil((files.length - next) / (2 * (readHere ? count : workers.length)));
  const dispatch = (worker: Worker) => {
    const hand = hands.get(worker) as { files: number; bytes: number };
    for (;;) {
      const end = handOutEnd(files, next, Math.min(files.length, yielded + AHEAD), hand, share());
      if (end === next) return;
      const batch: ScanTask[] = [];
      for (; next < end; next++) {
        const file = files[next] as LocalLogFile;
        batch.push({ seq: next, file });
        hand.bytes += file.size;
      }
      hand.files += batch.length;
      worker.postMessage(batch);
    }
  };
  // A worker says it is ready with an empty answer (scan-worker.ts); until then this thread reads
  // the first files itself, instead of waiting for a starting worker's batch. A run of few files,
  // or one where this thread reads none, hands them out at once (a worker takes them once started).
  const ready = new Set<Worker>(files.length <= AHEAD || !readHere ? workers : []);
  for (const worker of workers) {
    worker.on('message', (answers: ScanTaskResult[]) => {
      ready.add(worker);
      const hand = hands.get(worker) as { files: number; bytes: number };
      for (const result of answers) {
        result.thread = worker.threadId;
        results.set(result.seq, result);
        hand.files--;
        hand.bytes -= (files[result.seq] as LocalLogFile).size;
      }
      dispatch(worker);
      wake?.();
    });
    worker.on('error', (error) => {
      failure ??= error;
      wake?.();
    });
    worker.on('exit', (code) => {
      if ((hands.get(worker)?.files ?? 0) > 0)
        failure ??= new Error(`a scan worker stopped (exit ${code}) with files in hand`);
      wake?.();
    });
  }
  let reader: ReturnType<typeof fileReader> | undefined;
  try {
    for (const worker of ready) dispatch(worker);
    while (yielded < files.length) {
      // A worker that failed fails the run, even one this thread did not wait for.
      if (failure !== undefined) throw failure;
      const result = results.get(yielded);
      if (result === undefined) {
        if (readHere && next < files.length && next < yielded + AHEAD) {
          // Nothing to yield yet and files left: this thread reads the next one itself.
          const task: ScanTask = { seq: next, file: files[next] as LocalLogFile };
          next++;
          reader ??= fileReader(data);
          results.set(task.seq, await reader(task));
          // Let the workers' answers in before the next decision.
          await new Promise<void>((resolve) => setImmediate(resolve));
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        continue;
      }
      results.delete(yielded);
      yielded++;
      for (const [level, message, ...extra] of result.logs) options.log[level](message, ...extra);
      if (result.error !== undefined) throw Object.assign(new Error(result.error.message), result.error);
      for (const worker of ready) dispatch(worker);
      const matches = result.matches;
      yield {
        summary: result.summary as FileSummary,
        ...(matches !== undefined && { matches }),
        ...(result.candidates !== undefined && { candidates: result.candidates }),
        ...(result.thread !== undefined && { thread: result.thread }),
      };
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/**
 * The one-thread run: scanFiles with the caller's detector, each file's detector told to defer
 * its correlations when the caller correlates, and its matches handed back with the summary.
 */
async function* scanHere(
  files: readonly LocalLogFile[],
  options: { log: Log; detector?: DetectorFactory; correlate?: boolean; drafts?: boolean; counts?: boolean }
): AsyncGenerator<ScannedFile> {
  const base = options.detector;
  const correlate = options.correlate === true;
  const drafts = options.drafts === true;
  // Two files are in flight at once: what each file's detector hands over waits under the ref
  // scanFiles gives it (the file's own), first in, first out; summaries come in file order.
  const pending = new Map<ObjectRef, Takers[]>();
  const detector: DetectorFactory | undefined =
    (!correlate && !drafts) || base === undefined
      ? base
      : (ref) => {
          const made = base(ref);
          const takers: Takers = {
            matches: correlate ? made.deferMatchGroups?.() : undefined,
            candidates: correlate ? made.deferFirstSeen?.() : undefined,
            drafts: drafts ? made.deferAlerts?.({ s3Key: ref.key, bucket: ref.bucket }) : undefined,
          };
          const waiting = pending.get(ref);
          if (waiting === undefined) pending.set(ref, [takers]);
          else waiting.push(takers);
          return made;
        };
  const counts = options.counts === false ? { counts: false } : {};
  let at = 0;
  for await (const summary of scanFiles(files, { open: openLocalFile, detector, log: options.log, ...counts })) {
    // scanFiles yields in file order, and made the file's detector for its `ref`.
    const ref = (files[at++] as LocalLogFile).ref;
    const waiting = pending.get(ref);
    const takers = waiting?.shift();
    if (waiting?.length === 0) pending.delete(ref);
    const scanned: ScannedFile = { summary };
    if (takers?.matches !== undefined) scanned.matches = takers.matches();
    if (takers?.candidates !== undefined) scanned.candidates = takers.candidates();
    if (takers?.drafts !== undefined) scanned.drafts = takers.drafts();
    yield scanned;
  }
}

/** What a file's detector hands over once finished (each when asked of it). */
type Takers = {
  matches: (() => readonly MatchGroup[]) | undefined;
  candidates: (() => readonly FirstSeenCandidate[]) | undefined;
  drafts: (() => readonly AlertDraft[]) | undefined;
};

/**
 * Starts one worker: the bundled scan-worker.mjs beside this chunk when the CLI runs from its
 * bundle, else scan-worker.ts through tsx (a checkout without a build, and the tests).
 */
const startWorker = (data: ScanWorkerData): Worker => {
  // No inherited Node flags: a worker runs one file, and `-e`/`--input-type` make no sense there.
  const options = {
    workerData: data,
    execArgv: [],
    // A small young generation: a worker holds little between files, and each MB counts in the
    // whole process's memory.
    resourceLimits: { maxYoungGenerationSizeMb: 4 },
    stdout: false,
    stderr: false,
  };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./scan-worker.mjs', import.meta.url), options);
  // Node 20 does not run `--import` loaders in workers: register tsx inside the worker first.
  const tsx = tsxEsmApi();
  const source = new URL('./scan-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
};

/** The ES module of tsx's `register` API (the `import` condition of `tsx/esm/api`). */
const tsxEsmApi = (): string => {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const exports = JSON.parse(readFileSync(manifest, 'utf8')).exports as Record<string, { import: { default: string } }>;
  return new URL(exports['./esm/api']?.import.default ?? './dist/esm/api/index.mjs', pathToFileURL(manifest)).href;
};
