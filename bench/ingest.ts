/*
 * Ingest benchmark: the ingest core vs. gunzip + whole-file JSON.parse on the same bytes, in
 * one run, each measurement in its own process pinned to one core (taskset -c 0 where present).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { ensureCorpus } from './corpus.js';

type Measurement = { ms: number; bytes: number; events: number; maxRssMB: number; error?: string };

const here = dirname(fileURLToPath(import.meta.url));
const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return true;
  } catch {
    return false;
  }
})();

/** The worker, bundled as Lambda runs it (no TypeScript loader in the measured process). */
const bundleWorker = (): string => {
  const outfile = join(here, '.corpus', 'ingest-worker.mjs');
  buildSync({
    entryPoints: [join(here, 'ingest-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'warning',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  return outfile;
};
let worker: string | undefined;

const measure = (mode: string, files: string[], oneCore = true): Measurement => {
  worker ??= bundleWorker();
  const node = [process.execPath, '--max-old-space-size=4096', worker, mode, ...files];
  const [cmd, ...args] = hasTaskset && oneCore ? ['taskset', '-c', '0', ...node] : node;
  const run = spawnSync(cmd as string, args, {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const line = run.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as Measurement;
  } catch {
    return {
      ms: 0,
      bytes: 0,
      events: 0,
      maxRssMB: 0,
      error: (run.stderr || `exit ${run.status}`).trim().split('\n').slice(-1)[0],
    };
  }
};

const best = (mode: string, files: string[], runs: number, oneCore = true): Measurement => {
  const all = Array.from({ length: runs }, () => measure(mode, files, oneCore));
  return all.reduce((a, b) => (b.error === undefined && (a.error !== undefined || b.ms < a.ms) ? b : a));
};

const mbps = (m: Measurement) => (m.error ? 'fails' : (m.bytes / 1e6 / (m.ms / 1000)).toFixed(0));
const eps = (m: Measurement) => (m.error ? '-' : Math.round(m.events / (m.ms / 1000)).toLocaleString('en-US'));
const row = (name: string, m: Measurement, base?: Measurement) =>
  `  ${name.padEnd(36)} ${mbps(m).padStart(7)} ${eps(m).padStart(12)} ${m.maxRssMB.toFixed(0).padStart(8)}   ${
    base && !m.error && !base.error ? `${(base.ms / m.ms).toFixed(2)}×` : m.error ? m.error : ''
  }`;

export async function runIngestBench(options: { runs?: number } = {}): Promise<void> {
  const runs = options.runs ?? 3;
  const out = (s: string) => process.stdout.write(`${s}\n`);
  out('== ingest: trailwatch core vs. gunzip + whole-file JSON.parse (same files, same run)');
  out(`   each measurement in a fresh process (bundled with esbuild, as on Lambda); best of ${runs} runs`);
  out(
    `   "1 core": pinned with ${hasTaskset ? 'taskset -c 0' : '(taskset not found: not pinned)'}; "2 cores": unpinned (zlib inflates on the libuv thread pool while the reader scans)`
  );
  const corpus = await ensureCorpus();
  const gz = corpus.many.reduce((n, f) => n + statSync(f).size, 0);

  const base = best('baseline', corpus.many, runs);
  const ingest = best('ingest', corpus.many, runs);
  const detect = best('ingest+detect', corpus.many, runs);
  const base2 = best('baseline', corpus.many, runs, false);
  const ingest2 = best('ingest', corpus.many, runs, false);
  const detect2 = best('ingest+detect', corpus.many, runs, false);
  out(
    `   corpus: ${corpus.many.length} files, ${(ingest.bytes / 1e6).toFixed(1)} MB uncompressed (${(gz / 1e6).toFixed(1)} MB gzip), ${ingest.events.toLocaleString('en-US')} events`
  );
  out(`  ${''.padEnd(36)} ${'MB/s'.padStart(7)} ${'events/s'.padStart(12)} ${'RSS MB'.padStart(8)}   vs baseline`);
  out(row('1 core  baseline gunzip + JSON.parse', base));
  out(row('1 core  trailwatch ingest (count)', ingest, base));
  out(row('1 core  trailwatch ingest + detect', detect, base));
  out(row('2 cores baseline gunzip + JSON.parse', base2));
  out(row('2 cores trailwatch ingest (count)', ingest2, base2));
  out(row('2 cores trailwatch ingest + detect', detect2, base2));

  const bigBase = measure('baseline', [corpus.big]);
  const bigIngest = measure('ingest', [corpus.big]);
  const bigDetect = measure('ingest+detect', [corpus.big]);
  out(
    `   big file: ${(bigIngest.bytes / 1e6).toFixed(0)} MB uncompressed (${(statSync(corpus.big).size / 1e6).toFixed(1)} MB gzip), ${bigIngest.events.toLocaleString('en-US')} events, 1 core; RSS is the peak of the whole process`
  );
  out(row('1 core  baseline gunzip + JSON.parse', bigBase));
  out(row('1 core  trailwatch ingest (count)', bigIngest, bigBase.error ? undefined : bigBase));
  out(row('1 core  trailwatch ingest + detect', bigDetect, bigBase.error ? undefined : bigBase));
  out(
    '   targets: ingest ≥ 1.0× baseline on one core (product goal: ingest + detect ≥ 2×); ≤ 128 MB peak RSS on the big file'
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await runIngestBench();
