import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ipDataFiles, openIpEnricher, readIpData } from '../lib/context/index.js';
import { createRandom } from '../tools/sample/generate-trail.js';
import { contextAddresses, publicV4, publicV6 } from './addresses.js';
import { CONTEXT_VARIANTS, NETWORK_RULE } from './context-engines.js';
import { controlLine, describeRatios, isolatedRounds, notableLogFile, roundRatios } from './detection-rounds.js';

/*
 * The offline IP context's costs (docs/context.md), on one core of this process:
 * 1. lookups of random public IPv4 and IPv6 addresses, uncached (every address new, the enricher's
 *    cache off) and cached (a working set of 2,000 addresses, the default cache): target ≥ 1 M/s
 *    uncached for each family;
 * 2. ingest + detect with the built-in pack, with the context and without it, over a corpus whose
 *    addresses are a realistic mix (public IPv4 and IPv6, AWS service names, private): target ≥ 0.9×;
 * 3. the data shared by worker threads: the resident memory three workers add when each reads the
 *    files itself, and when they share the main thread's SharedArrayBuffers.
 */

const LOOKUPS = Number(process.env.BENCH_CONTEXT_LOOKUPS ?? 1_000_000);
const RECORDS = Number(process.env.BENCH_CONTEXT_RECORDS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_CONTEXT_ROUNDS ?? 11);
const DIR = process.env.TRAILWATCH_IP_DATA_DIR ?? '.build/ip-data';

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/**
 * Lookups per CPU second over `addresses` (this thread's CPU time: steadier than wall time on a
 * shared machine), the median of five passes after a warm-up.
 */
const lookupRate = (lookup: (ip: string) => unknown, addresses: readonly string[]): number => {
  const rates: number[] = [];
  for (let pass = 0; pass < 6; pass++) {
    const started = process.cpuUsage();
    for (const ip of addresses) lookup(ip);
    const used = process.cpuUsage(started);
    if (pass > 0) rates.push(addresses.length / ((used.user + used.system) / 1e6));
  }
  return median(rates);
};

/** The resident memory (MB) three workers add: each reading the files, or touching shared bytes. */
const workerMemory = async (shared: boolean): Promise<number> => {
  const files = ipDataFiles(DIR);
  const bytes = shared ? readIpData(files, { shared: true }) : undefined;
  const code = `
    const { workerData, parentPort } = require('node:worker_threads');
    const { readFileSync } = require('node:fs');
    const data = workerData.bytes ?? {
      asn: readFileSync(workerData.files.asn), country: readFileSync(workerData.files.country) };
    let sum = 0;
    for (const b of [data.asn, data.country]) for (let i = 0; i < b.length; i += 4096) sum += b[i];
    parentPort.postMessage(sum);
    setTimeout(() => {}, 60_000);`;
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const workers = Array.from({ length: 3 }, () => new Worker(code, { eval: true, workerData: { files, bytes } }));
  await Promise.all(workers.map((w) => new Promise((resolve) => w.once('message', resolve))));
  const after = process.memoryUsage().rss;
  await Promise.all(workers.map((w) => w.terminate()));
  return (after - before) / 1e6;
};

/**
 * Measures and prints the lookup rates. Its own (synchronous) function so that its two million
 * address strings are garbage before the ingest rounds: held through them, they made every full
 * collection there mark a heap of about 180 MB instead of the pipeline's own few tens, a cost
 * the variant that keeps more objects for a file (the first-seen candidates) paid more often.
 */
const lookupFigures = (out: (line: string) => void): { v4: number; v6: number } => {
  const random = createRandom(16).next;
  const v4 = publicV4(LOOKUPS, random);
  const v6 = publicV6(LOOKUPS, random);
  const uncached = openIpEnricher(DIR, { cacheSize: 0 });
  const loadStarted = performance.now();
  uncached.load();
  const loadMs = performance.now() - loadStarted;
  // What a process's first lookup of each family costs, the files read.
  const firstMs = (address: string): number => {
    const started = performance.now();
    uncached.lookup(address);
    return performance.now() - started;
  };
  const firstV4 = firstMs(v4[0] as string);
  const firstV6 = firstMs(v6[0] as string);
  const cached = openIpEnricher(DIR);
  const workingSet = (list: string[]) => Array.from({ length: LOOKUPS }, (_, i) => list[i % 2000] as string);
  const rates = {
    v4: lookupRate((ip) => uncached.lookup(ip), v4),
    v6: lookupRate((ip) => uncached.lookup(ip), v6),
    v4Cached: lookupRate((ip) => cached.lookup(ip), workingSet(v4)),
    v6Cached: lookupRate((ip) => cached.lookup(ip), workingSet(v6)),
  };
  const m = (rate: number) => `${(rate / 1e6).toFixed(2)} M/s`;
  out(`context bench: ${LOOKUPS.toLocaleString('en-US')} addresses per family, one core; data ${DIR}`);
  out(
    `  load (read the 2 files) ${loadMs.toFixed(0)} ms, then the first IPv4 lookup ${firstV4.toFixed(1)} ms and the first IPv6 lookup ${firstV6.toFixed(1)} ms`
  );
  out(
    `  IPv4 uncached  ${m(rates.v4).padStart(10)}   cached ${m(rates.v4Cached).padStart(10)}   target ≥ 1 M/s uncached`
  );
  out(
    `  IPv6 uncached  ${m(rates.v6).padStart(10)}   cached ${m(rates.v6Cached).padStart(10)}   target ≥ 1 M/s uncached`
  );
  return { v4: rates.v4, v6: rates.v6 };
};

/** Runs the context benchmark and prints its figures beside their targets. */
export async function runContextBench(out: (line: string) => void = console.log): Promise<{ ok: boolean }> {
  const rates = lookupFigures(out);

  // Ingest + detect: the built-in pack with and without the context, one corpus.
  const { body, ref } = notableLogFile(RECORDS, 'BENCHCONTEXT0000', contextAddresses());
  // Each variant in a process of its own, as each deployment runs one configuration (see
  // isolatedRounds), the processes reading in turn.
  // The variants, then the first again in a process of its own: the control (controlLine).
  const { reads, alerts } = await isolatedRounds(
    { body, ref },
    [...CONTEXT_VARIANTS, CONTEXT_VARIANTS[0]].map((variant) => ({
      module: new URL('./context-engines.ts', import.meta.url).href,
      name: 'contextDetector',
      arg: { variant, dir: DIR },
    })),
    { rounds: ROUNDS, records: RECORDS }
  );
  const cpu = new Map<string, number[]>(CONTEXT_VARIANTS.map((name, i) => [name, (reads[i] ?? []).map((r) => r.cpu)]));
  const gc = new Map<string, number[]>(CONTEXT_VARIANTS.map((name, i) => [name, (reads[i] ?? []).map((r) => r.gc)]));
  const alertsOf = new Map<string, number>(CONTEXT_VARIANTS.map((name, i) => [name, alerts[i] ?? 0]));
  const ms = (name: string) => cpu.get(name) ?? [];
  const perSecond = (cpuMs: number) => Math.round(RECORDS / (cpuMs / 1000)).toLocaleString('en-US');
  // Each round runs both variants back to back: its own ratio, so the spread shows the machine's
  // noise, and the median of the rounds' ratios is the figure (a round's load falls on both).
  const ratios = roundRatios(ms('without context'), ms('with context'));
  const ratio = ratios.median;
  const control = roundRatios(
    ms('without context'),
    (reads[CONTEXT_VARIANTS.length] ?? []).map((r) => r.cpu)
  );
  out(
    `  ingest + detect, built-in pack, ${RECORDS.toLocaleString('en-US')} records, CPU time, median (min–max) of ${ROUNDS} rounds after a warm-up, each variant in a process of its own reading once a round, the order turning from round to round:`
  );
  for (const name of CONTEXT_VARIANTS)
    out(
      `    ${name.padEnd(16)} ${perSecond(median(ms(name))).padStart(9)} records/s (${perSecond(Math.max(...ms(name)))}–${perSecond(Math.min(...ms(name)))})  ${alertsOf.get(name)} alerts, garbage collection ${median(gc.get(name) ?? []).toFixed(0)} ms a round`
    );
  out(`    ratio ${describeRatios(ratios)}   target ≥ 0.90×`);
  const ruleRatios = roundRatios(ms('without context'), ms(`with context, without ${NETWORK_RULE}`));
  out(
    `    ratio without ${NETWORK_RULE} ${ruleRatios.median.toFixed(2)}× (that rule's share of the difference; its own figure, no target)`
  );
  out(`    ${controlLine('the pack without context', control)}`);
  out(
    `    load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`
  );

  const own = await workerMemory(false);
  const shared = await workerMemory(true);
  out(
    `  3 worker threads add ${own.toFixed(0)} MB resident reading the files each, ${shared.toFixed(0)} MB sharing the main thread's SharedArrayBuffers`
  );
  const ok = rates.v4 >= 1e6 && rates.v6 >= 1e6 && ratio >= 0.9;
  out(`  ${ok ? 'targets met' : 'TARGETS MISSED'}`);
  return { ok };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runContextBench();
