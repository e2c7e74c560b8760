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
