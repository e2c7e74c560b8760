import { openIpEnricher } from '../context/index.js';
import { processLogStream } from '../ingest/process-log.js';
import { openLocalFile } from '../local/open-local-file.js';
import type { FirstSeenCandidate } from '../model/baseline.js';
import type { MatchGroup } from '../model/correlation.js';
import type { Log } from '../model/log.js';
import { type DetectorFactory, loadRuleSet, RuleEngine } from '../rules/index.js';
import type { LogCall, ScanTask, ScanTaskResult, ScanWorkerData } from './scan-in-workers.js';

/**
 * The reader of one thread of a parallel scan (a worker thread's, or the main thread's own share):
 * its own rule engine, and a logger that keeps each file's log calls with the file's summary, so
 * the main thread can replay them in file order. Reads one file at a time: call it again only when
 * the last call has settled. With `correlate`, each file's detector defers its correlations and the
 * file's matches come back in the result, for the main thread to fold; without, correlations are
 * judged within each file, as in one thread.
 * @param data - the rules to load (none: count only), whether the caller correlates, and the least
 *   severe log level to keep
 * @returns a function that reads one file into its result (errors included, never thrown)
 */
export const fileReader = (data: ScanWorkerData): ((task: ScanTask) => Promise<ScanTaskResult>) => {
  let calls: LogCall[] = [];
  // Calls below the level the caller writes are dropped here, not posted to be dropped there.
  const least = LEVELS.indexOf(data.logLevel ?? 'debug');
  const capture = (level: LogCall[0]) =>
    LEVELS.indexOf(level) < least
      ? () => {}
      : (message: string, ...extra: unknown[]) => {
          calls.push([level, message, ...extra.map(plain)]);
        };
  const log: Log = { debug: capture('debug'), info: capture('info'), warn: capture('warn'), error: capture('error') };
  let detector: DetectorFactory | undefined;
  // The file being read's matches, while correlating (one file at a time).
  const reading: { take?: () => readonly MatchGroup[]; candidates?: () => readonly FirstSeenCandidate[] } = {};
  const matchesRead = (): MatchGroup[] | undefined => (reading.take ? [...reading.take()] : undefined);
  const candidatesRead = (): FirstSeenCandidate[] | undefined =>
    reading.candidates ? [...reading.candidates()] : undefined;
  if (data.rules !== undefined) {
    const ruleSet = loadRuleSet(data.rules);
    // The main thread's databases, shared: no file is read here.
    const enricher = data.ipData && openIpEnricher(data.ipData.dir, { bytes: data.ipData.bytes });
    const engine = new RuleEngine(ruleSet.rules, {
      suppressions: ruleSet.suppressions,
      correlations: ruleSet.correlations,
      log,
      ...(enricher && { enricher }),
    });
    detector = !data.correlate
      ? engine.detector
      : (ref) => {
          const made = engine.detector(ref);
          reading.take = made.deferMatchGroups?.();
          reading.candidates = made.deferFirstSeen?.();
          return made;
        };
  }
  return async (task) => {
    calls = [];
    delete reading.take;
    delete reading.candidates;
    try {
      const summary = await processLogStream(openLocalFile(task.file), task.file.ref, {
        detector,
        log,
        ...(task.file.key !== undefined && { key: task.file.key }),
        ...(data.counts === false && { counts: false }),
      });
      const matches = matchesRead();
      const candidates = candidatesRead();
      return {
        seq: task.seq,
        summary,
        ...(matches !== undefined && { matches }),
        ...(candidates !== undefined && { candidates }),
        logs: calls,
      };
    } catch (error) {
      const { name, message, code, path } = error as Error & { code?: unknown; path?: unknown };
      return { seq: task.seq, logs: calls, error: { name, message, code, path } };
    }
  };
};

/** The log levels, least severe first. */
const LEVELS: readonly LogCall[0][] = ['debug', 'info', 'warn', 'error'];

/** An Error as the fields the CLI's logger prints of it; anything else as it is. */
const plain = (value: unknown): unknown =>
  value instanceof Error ? { error: { name: value.name, message: value.message } } : value;
