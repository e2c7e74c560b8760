import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { processLogStream } from '../lib/ingest/process-log.js';
import type { CloudTrailRecord } from '../lib/model/record.js';
import type { ObjectRef } from '../lib/model/object-ref.js';
import { silentLog } from '../lib/model/log.js';
import type { DetectorFactory } from '../lib/rules/index.js';
import { encodeLogFile, generateRecords, logFileKey } from '../tools/sample/generate-trail.js';

const ACCOUNT = '111122223333';

/**
 * The in-process detection benches' log file: `count` generated records (seed 42, notable calls
 * included) of one account and region, gzipped as CloudTrail writes them.
 * @param count - how many records
 * @param fileId - the file name's unique part (16 characters), so each bench names its own file
 * @param shape - changes each record before encoding (e.g. its source address)
 */
export const notableLogFile = (
  count: number,
  fileId: string,
  shape: (record: CloudTrailRecord) => CloudTrailRecord = (record) => record
): { body: Buffer; ref: ObjectRef } => {
  const records = generateRecords({
    seed: 42,
    account: ACCOUNT,
    region: 'us-east-1',
    start: new Date('2026-01-02T03:00:00Z'),
    count,
    spacingSeconds: 0.01,
    notable: true,
  }).map(shape);
  const body = encodeLogFile(records);
  const key = logFileKey(ACCOUNT, 'us-east-1', new Date('2026-01-02T04:00:00Z'), fileId);
  return { body, ref: { bucket: 'bench', key, size: body.length } };
};

/**
 * A full garbage collection, run before each measured read so no variant pays for the garbage
 * the one before it left (a pack that keeps more per match would otherwise slow the variant
 * after it). Exposed at run time, so the bench needs no node flag.
 */
const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/**
 * The order of the variants in a round: shifted by one place every two rounds and reversed every
 * other round, so over the rounds each variant runs first, in between and last alike (two
 * variants: each first in half the rounds). Reversing alone is not enough for three or more: the
 * middle ones would always run in between, never right after themselves as the first and last
 * do at the turn of a round.
 */
const orderOf = (round: number, count: number): number[] => {
  const shift = Math.floor(round / 2) % count;
  const order = Array.from({ length: count }, (_, i) => (i + shift) % count);
  return round % 2 === 0 ? order : order.reverse();
};

/**
 * Reads one log file through the ingest core with each detector in turn, round after round
 * (round 0 warms the JIT and the engines' per-pair caches and is not kept), so every variant
 * sees the same load; the variants' order turns from round to round (see orderOf), and
 * each read starts after a full garbage collection, outside the time measured.
 * @returns per variant, the wall and CPU milliseconds of each kept round, and its alert count
 * @throws when a round reads fewer records than `records`
 */
export const detectionRounds = async (
  file: { body: Buffer; ref: ObjectRef },
  detectors: readonly DetectorFactory[],
  options: { rounds: number; records: number }
): Promise<{ wall: number[][]; cpu: number[][]; alerts: number[] }> => {
  const wall = detectors.map((): number[] => []);
  const cpu = detectors.map((): number[] => []);
  const alerts = detectors.map(() => 0);
  for (let round = 0; round <= options.rounds; round++) {
    for (const i of orderOf(round, detectors.length)) {
      const detector = detectors[i] as DetectorFactory;
      collectGarbage();
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      const summary = await processLogStream(Readable.from([file.body]), file.ref, { detector, log: silentLog });
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpuStarted);
      if (summary.records !== options.records) throw new Error(`read ${summary.records} of ${options.records} records`);
      alerts[i] = summary.alerts.length;
      if (round > 0) {
        wall[i]?.push(ms);
        cpu[i]?.push((used.user + used.system) / 1000);
      }
    }
  }
  return { wall, cpu, alerts };
};

/**
 * A variant that {@link isolatedRounds} builds in a process of its own: the module's export
 * `name`, called with `arg` (plain data), gives the detector factory (or a promise of it).
 */
export type IsolatedVariant = { module: string; name: string; arg?: unknown };

/** One read as a variant's process measured it (detection-round-child.ts). */
export type IsolatedRead = { ms: number; cpu: number; gc: number; records: number; alerts: number; pid: number };

/** The next message of `child`; an error when that message is one, or when the child exits first. */
const reply = <T>(child: ChildProcess): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const exited = (code: number | null) => {
      child.off('message', answered);
      reject(new Error(`a variant's process exited (${code}) before it answered`));
    };
    const answered = (message: unknown) => {
      child.off('exit', exited);
      const error = (message as { error?: unknown }).error;
      if (typeof error === 'string') reject(new Error(`a variant's process failed: ${error}`));
      else resolve(message as T);
    };
    child.once('message', answered);
    child.once('exit', exited);
  });

/**
 * Reads one log file through the ingest core with each variant in a `node` process of its own,
 * as each deployment runs one configuration: every variant's code is compiled and optimised for
 * it alone, and its heap holds only its own objects, so no full collection need be forced
 * before each read as {@link detectionRounds} does (in separate processes, forcing one slowed
 * the next read by 24% for the pack without the IP context and 35-50% with it: docs/rules.md).
 * Rounds as in detectionRounds otherwise: round 0 warms up and is not kept, every
 * variant reads once a round, the order turning (orderOf), one process reading at a time; each
 * process measures its own CPU time (its collector's threads included) and its isolate's
 * garbage-collection pauses.
 * @returns per variant, the reads of the kept rounds, and its alert count
 * @throws when a variant cannot be built, or a read gives other than `records` records
 */
export const isolatedRounds = async (
  file: { body: Buffer; ref: ObjectRef },
  variants: readonly IsolatedVariant[],
  options: { rounds: number; records: number }
): Promise<{ reads: IsolatedRead[][]; alerts: number[] }> => {
  const dir = mkdtempSync(join(tmpdir(), 'trailwatch-rounds-'));
  const body = join(dir, 'log.json.gz');
  writeFileSync(body, file.body);
  const children = variants.map(() =>
    fork(new URL('./detection-round-child.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'] })
  );
  try {
    for (const [i, child] of children.entries()) {
      const ready = reply<'ready'>(child);
      child.send({ ...variants[i], body, ref: file.ref });
      await ready;
    }
    const reads = variants.map((): IsolatedRead[] => []);
    const alerts = variants.map(() => 0);
    for (let round = 0; round <= options.rounds; round++) {
      for (const i of orderOf(round, variants.length)) {
        const child = children[i] as ChildProcess;
        const read = reply<IsolatedRead>(child);
        child.send('read');
        const result = await read;
        if (result.records !== options.records) throw new Error(`read ${result.records} of ${options.records} records`);
        alerts[i] = result.alerts;
        if (round > 0) reads[i]?.push(result);
      }
    }
    return { reads, alerts };
  } finally {
    for (const child of children) child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
};

/** The rounds' ratios of two variants' series: their median, middle half and extremes. */
export type RoundRatios = { median: number; q1: number; q3: number; min: number; max: number };

/**
 * Each round's own ratio `numerators[i] / denominators[i]` (a round's load falls on both of its
 * reads), summarised: the median is the figure, the spread shows the machine's noise.
 * @param numerators - one variant's CPU time per round (the slower one's for a speed ratio)
 * @param denominators - the other's, round for round
 */
export const roundRatios = (numerators: readonly number[], denominators: readonly number[]): RoundRatios => {
  const sorted = numerators.map((n, i) => n / (denominators[i] ?? Number.NaN)).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.round(q * (sorted.length - 1))] as number;
  return {
    median: sorted[Math.floor(sorted.length / 2)] as number,
    q1: at(0.25),
    q3: at(0.75),
    min: at(0),
    max: at(1),
  };
};

/** `0.91× (median of the rounds' ratios; middle half 0.88–0.98×, all 0.80–1.05×)`. */
export const describeRatios = (r: RoundRatios): string =>
  `${r.median.toFixed(2)}× (median of the rounds' ratios; middle half ${r.q1.toFixed(2)}–${r.q3.toFixed(2)}×, all ${r.min.toFixed(2)}–${r.max.toFixed(2)}×)`;

/**
 * The line the benches print under a ratio: the same variant in a second process, read in the
 * same rounds. Its ratio would be 1.00× on a quiet machine; how far it strays is how far a
 * variant's ratio can stray without any change in the code (two processes running the same code
 * differ for the whole of their lives: heaps and code laid out differently, the machine's noise).
 * @param name - the variant read twice
 * @param control - its two processes' rounds' ratios
 */
export const controlLine = (name: string, control: RoundRatios): string =>
  `control: ${name} in a second process, against its first: ${describeRatios(control)}; a ratio no further from 1.00× than this is within this machine's noise`;
