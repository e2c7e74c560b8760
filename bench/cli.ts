/*
 * The CLI benchmark: `trailwatch scan` and `detect` as users run them (whole processes through
 * bin/trailwatch.mjs, start-up included), each beside its baseline measured in the same run: a bare
 * gunzip + JSON.parse process over the same files (bench/baseline.mjs), the same command pinned
 * to one core, or a bare `node` start.
 */
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bigFilesCorpus,
  type CorpusFolder,
  hugeFileCorpus,
  publicAddressesCorpus,
  smallFilesCorpus,
} from './corpus.js';
import {
  aloneAndPairSeries,
  fmt,
  HAS_TASKSET,
  interleavedSeries,
  type Series,
  series,
  type Stats,
  stats,
} from './measure.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const CLI = join(ROOT, 'bin', 'trailwatch.mjs');
const BASELINE = join(ROOT, 'bench', 'baseline.mjs');
const node = process.execPath;

/** One line of the results table. */
export type BenchRow = {
  goal: string;
  what: string;
  trailwatch: string;
  baseline: string;
  ratio: string;
  target: string;
  verdict: 'met' | 'not met' | 'n/a';
};

/** Records of the public-addresses file (publicAddressesCorpus), the same in the full bench and `--quick`. */
const PUBLIC_ADDRESS_RECORDS = 100_000;

/** Sizes of the corpora: the full bench, and `--quick` for a run of a few minutes. */
export type CliBenchSize = {
  smallFiles: number;
  bigFiles: number;
  bigPerFile: number;
  hugeRecords: number;
  runs: number;
};

export const FULL: CliBenchSize = { smallFiles: 3000, bigFiles: 20, bigPerFile: 10_000, hugeRecords: 420_000, runs: 5 };
export const QUICK: CliBenchSize = { smallFiles: 600, bigFiles: 6, bigPerFile: 10_000, hugeRecords: 60_000, runs: 5 };

const describe = (c: CorpusFolder): string =>
  `${c.files.toLocaleString('en-US')} files, ${c.records.toLocaleString('en-US')} records, ${(c.compressedBytes / 1e6).toFixed(1)} MB gzip, ${(c.uncompressedBytes / 1e6).toFixed(1)} MB JSON`;

const ms = (s: Series): string =>
  s.failed ? `fails: ${s.failed}` : `${fmt(s.time, 'ms')}${s.cpu ? `; cpu ${s.cpu.median.toFixed(0)} ms` : ''}`;
const rss = (s: Series): string => (s.rss ? fmt(s.rss, 'MB') : 'not measured');
/** How many times faster `ours` is than `base` (median over median). */
const speedup = (base: Series, ours: Series): number | undefined =>
  base.failed || ours.failed ? undefined : base.time.median / ours.time.median;
const times = (x: number | undefined): string => (x === undefined ? '-' : `${x.toFixed(2)}×`);
/**
 * `detect` with every rule left out, against the baseline: what reading the files and the run
 * itself cost, so the row above it shows how much of `detect`'s time is the rule pack's.
 */
const noRulesRow = (corpus: string, noRules: Series, base: Series): BenchRow => ({
  goal: corpus,
  what: "`detect --disable '*'` (no rule: reading, the run's own work) vs gunzip + JSON.parse",
  trailwatch: ms(noRules),
  baseline: ms(base),
  ratio: times(speedup(base, noRules)),
  target: '-',
  verdict: 'n/a',
});

const mbps = (s: Series, bytes: number): Stats => stats(s.runs.map((r) => bytes / 1e6 / (r.ms / 1000)));

/**
 * A memory row for one file: trailwatch's and the baseline's peak RSS and speed (or how each
 * failed), against goal 4's 128 MB.
 * @param what - the row's description
 * @param on - trailwatch's runs
 * @param base - the baseline's runs on the same file
 * @param bytes - the file's JSON bytes, for the speed
 */
const oneFileMemoryRow = (what: string, on: Series, base: Series, bytes: number): BenchRow => ({
  goal: 'memory',
  what,
  trailwatch: on.failed ? `fails: ${on.failed}` : `${rss(on)}; ${fmt(mbps(on, bytes), 'MB/s')}`,
  baseline: base.failed ? `fails (${base.failed}) at ${rss(base)}` : `${rss(base)}; ${fmt(mbps(base, bytes), 'MB/s')}`,
  ratio: '-',
  target: '≤ 128 MB',
  verdict: !on.failed && on.rss !== undefined && on.rss.max <= 128 ? 'met' : 'not met',
});

/**
 * Runs the CLI benchmark.
 * @param size - corpus sizes and runs per figure
 * @param out - where progress and the corpus lines go
 * @returns the rows of the results table and the lines that describe the corpora
 */
export const runCliBench = async (
  size: CliBenchSize,
  out: (line: string) => void
): Promise<{ rows: BenchRow[]; corpus: string[] }> => {
  const small = await smallFilesCorpus(size.smallFiles);
  const big = await bigFilesCorpus(size.bigFiles, size.bigPerFile);
  const huge = await hugeFileCorpus(size.hugeRecords);
  const publicAddresses = await publicAddressesCorpus(PUBLIC_ADDRESS_RECORDS);
  const corpus = [
    `small files (a quiet account): ${describe(small)}`,
    `big files: ${describe(big)}`,
    `one huge file: ${describe(huge)}`,
    `public addresses (calls from public IPv4 and IPv6 addresses, so the IP databases are read): ${describe(publicAddresses)}`,
  ];
  for (const line of corpus) out(`   ${line}`);
  const runs = size.runs;
  const rows: BenchRow[] = [];
  // As `npx trailwatch` and an installed `trailwatch` run it: the launcher through its shebang.
  const cli = (...args: string[]) => [CLI, ...args];
  const step = (name: string) => out(`   … ${name}`);

  step('start-up');
  const help = series(cli('--help'), runs);
  const bare = series([node, '-e', '0'], runs);
  rows.push({
    goal: 'start-up',
    what: '`trailwatch --help`',
    trailwatch: ms(help),
    baseline: `bare \`node -e 0\`: ${ms(bare)}`,
    ratio: '-',
    target: '≤ 150 ms',
    verdict: help.time.median <= 150 ? 'met' : 'not met',
  });

  // The commands a ratio compares run in alternation, round by round (interleavedSeries): the
  // baseline, detect, scan, detect pinned to one core (the every-core rows) and detect without
  // any rule.
  step('small files');
  const [smallBase, smallDetect, smallScan, smallPinned, smallNoRules] = interleavedSeries(
    [
      { command: [node, BASELINE, small.dir] },
      { command: cli('detect', small.dir, '--format', 'jsonl') },
      { command: cli('scan', small.dir, '--format', 'json') },
      { command: cli('detect', small.dir, '--format', 'jsonl'), pin: true },
      { command: cli('detect', small.dir, '--format', 'jsonl', '--disable', '*') },
    ],
    runs
  ) as [Series, Series, Series, Series, Series];
  const smallRatio = speedup(smallBase, smallDetect);
  rows.push({
    goal: 'small files',
    what: '`detect` (full pack) vs gunzip + JSON.parse',
    trailwatch: ms(smallDetect),
    baseline: ms(smallBase),
    ratio: times(smallRatio),
    target: '≥ 1.0× (stretch 1.5×)',
    verdict: smallRatio !== undefined && smallRatio >= 1 ? 'met' : 'not met',
  });
  const smallScanRatio = speedup(smallBase, smallScan);
  rows.push({
    goal: 'small files',
    what: '`scan` vs gunzip + JSON.parse',
    trailwatch: ms(smallScan),
    baseline: ms(smallBase),
    ratio: times(smallScanRatio),
    target: '-',
    verdict: 'n/a',
  });
  rows.push(noRulesRow('small files', smallNoRules, smallBase));

  step('big files');
  const [bigBase, bigDetect, bigPinned, bigNoRules] = interleavedSeries(
    [
      { command: [node, BASELINE, big.dir] },
      { command: cli('detect', big.dir, '--format', 'jsonl') },
      { command: cli('detect', big.dir, '--format', 'jsonl'), pin: true },
      { command: cli('detect', big.dir, '--format', 'jsonl', '--disable', '*') },
    ],
    runs
  ) as [Series, Series, Series, Series];
  const bigRatio = speedup(bigBase, bigDetect);
  rows.push({
    goal: 'big files',
    what: '`detect` (full pack) vs gunzip + JSON.parse',
    trailwatch: ms(bigDetect),
    baseline: ms(bigBase),
    ratio: times(bigRatio),
    target: '≥ 2.0×',
    verdict: bigRatio !== undefined && bigRatio >= 2 ? 'met' : 'not met',
  });
  rows.push(noRulesRow('big files', bigNoRules, bigBase));

  step('every core');
  for (const [name, unpinned, pinned] of [
    ['big files', bigDetect, bigPinned],
    ['small files', smallDetect, smallPinned],
  ] as const) {
    const ratio = speedup(pinned, unpinned);
    rows.push({
      goal: 'every core',
      what: `\`detect\`, ${name}: all cores vs pinned to one`,
      trailwatch: ms(unpinned),
      baseline: HAS_TASKSET ? `one core: ${ms(pinned)}` : 'taskset not found: not pinned',
      ratio: times(ratio),
      target: '≥ 1.8× on 2 cores',
      verdict: HAS_TASKSET && ratio !== undefined && ratio >= 1.8 ? 'met' : 'not met',
    });
  }
  // What the machine gives: two copies of work that shares nothing (the naive baseline), one
  // pinned to each core, against one alone. On a machine whose cores are shared with other
  // tenants this is well under 2×: an every-core ratio near it uses both cores about as well as
  // the machine allows.
  if (HAS_TASKSET && availableParallelism() >= 2) {
    const { alone, both } = await aloneAndPairSeries([node, BASELINE, big.dir], runs);
    const ceiling = speedup(alone, both);
    rows.push({
      goal: 'every core',
      what: 'the machine: two gunzip + JSON.parse processes over the big files at once, one pinned to each of cores 0 and 1, vs one alone: the most two cores give to work that shares nothing, so the ceiling of the two rows above (ratio = 2 × one / both)',
      trailwatch: `both: ${ms(both)}`,
      baseline: `one, core 0: ${ms(alone)}`,
      ratio: times(ceiling === undefined ? undefined : 2 * ceiling),
      target: '-',
      verdict: 'n/a',
    });
  }

  step('memory');
  const hugeBase = series([node, BASELINE, huge.file], runs);
  for (const command of ['scan', 'detect'] as const) {
    const format = command === 'scan' ? 'json' : 'jsonl';
    const onHuge = series(cli(command, huge.file, '--format', format), runs);
    rows.push(
      oneFileMemoryRow(
        `\`${command}\`, one ${(huge.uncompressedBytes / 1e6).toFixed(0)} MB file: peak RSS (speed)`,
        onHuge,
        hugeBase,
        huge.uncompressedBytes
      )
    );
    const onSmall = command === 'scan' ? smallScan : smallDetect;
    rows.push({
      goal: 'memory',
      what: `\`${command}\`, ${small.files.toLocaleString('en-US')} small files: peak RSS`,
      trailwatch: rss(onSmall),
      baseline: rss(smallBase),
      ratio: '-',
      target: '≤ 128 MB',
      verdict: onSmall.rss !== undefined && onSmall.rss.max <= 128 ? 'met' : 'not met',
    });
  }
  // The other corpora call from documentation addresses, which no lookup takes to the IP
  // databases: this file's do, as a real trail's calls do.
  const publicBase = series([node, BASELINE, publicAddresses.file], runs);
  const onPublic = series(cli('detect', publicAddresses.file, '--format', 'jsonl'), runs);
  rows.push(
    oneFileMemoryRow(
      `\`detect\`, one file of ${publicAddresses.records.toLocaleString('en-US')} records from public IPv4 and IPv6 addresses (the IP databases in use): peak RSS (speed)`,
      onPublic,
      publicBase,
      publicAddresses.uncompressedBytes
    )
  );
  return { rows, corpus };
};
