/*
 * Measuring whole processes for the benchmarks: wall time from spawn to exit (start-up
 * included) and the peak resident memory of the whole process, every thread included, as
 * GNU time reports it (`/usr/bin/time -f %M`, the kernel's ru_maxrss of the child). Each figure is
 * the median and the min–max of several runs; there is no best-of.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

/** Is `taskset` here to pin a process to one core? */
export const HAS_TASKSET = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return true;
  } catch {
    return false;
  }
})();

const GNU_TIME = '/usr/bin/time';
const HAS_GNU_TIME = existsSync(GNU_TIME);

/** One run of one process. */
export type Run = {
  ms: number;
  maxRssMB?: number;
  /** CPU time, user + system, of the process and its threads. */
  cpuMs?: number;
  status: number | null;
  stdout: string;
  stderr: string;
};

/**
 * The environment of a measured process: the user's, without the bench's own NODE_OPTIONS and
 * without NODE_EXTRA_CA_CERTS. Node reads that certificate file at every start, before any
 * code runs (about 45 ms for the 144 certificates of a Debian system bundle); Lambda's Node.js 20 and
 * later runtimes leave it unset, and no measured process makes a TLS connection.
 */
export const CLEAN_ENV: NodeJS.ProcessEnv = (() => {
  const { NODE_EXTRA_CA_CERTS: _certificates, ...env } = process.env;
  return { ...env, NODE_OPTIONS: '' };
})();

/**
 * Runs a process to its end and times it.
 * @param command - program and arguments
 * @param options - pin to core 0 (taskset), environment, whether stdout is kept (else /dev/null)
 */
export const runProcess = (
  command: readonly string[],
  options: { pin?: boolean; env?: NodeJS.ProcessEnv; keepStdout?: boolean } = {}
): Run => {
  const rssFile = join(tmpdir(), `tw-bench-rss-${process.pid}`);
  let argv = [...command];
  if (options.pin && HAS_TASKSET) argv = ['taskset', '-c', '0', ...argv];
  if (HAS_GNU_TIME) argv = [GNU_TIME, '-f', '%M %U %S', '-o', rssFile, ...argv];
  const started = performance.now();
  const child = spawnSync(argv[0] as string, argv.slice(1), {
    env: options.env ?? CLEAN_ENV,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', options.keepStdout ? 'pipe' : 'ignore', 'pipe'],
  });
  const ms = performance.now() - started;
  return { ms, ...timeReport(rssFile), status: child.status, stdout: child.stdout ?? '', stderr: child.stderr ?? '' };
};

/** Reads what GNU time wrote: peak RSS in KB, user and system seconds. */
const timeReport = (file: string): { maxRssMB?: number; cpuMs?: number } => {
  if (!HAS_GNU_TIME || !existsSync(file)) return {};
  const [kb, user, system] = (readFileSync(file, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
  rmSync(file, { force: true });
  return {
    ...(Number.isFinite(kb) && { maxRssMB: (kb as number) / 1024 }),
    ...(Number.isFinite(user) && Number.isFinite(system) && { cpuMs: ((user as number) + (system as number)) * 1000 }),
  };
};

/**
 * {@link runProcess} without blocking this process's event loop: for children that talk to a
 * server this process runs (s3rver), or that run beside each other. `core` pins the child to
 * that core (`pin` is core 0).
 */
export const runProcessAsync = (
  command: readonly string[],
  options: { pin?: boolean; core?: number; env?: NodeJS.ProcessEnv } = {}
): Promise<Run> =>
  new Promise((resolve, reject) => {
    const rssFile = join(tmpdir(), `tw-bench-rss-${process.pid}-async-${options.core ?? 0}`);
    let argv = [...command];
    if ((options.pin || options.core !== undefined) && HAS_TASKSET)
      argv = ['taskset', '-c', String(options.core ?? 0), ...argv];
    if (HAS_GNU_TIME) argv = [GNU_TIME, '-f', '%M %U %S', '-o', rssFile, ...argv];
    const started = performance.now();
    const child = spawn(argv[0] as string, argv.slice(1), {
      env: options.env ?? CLEAN_ENV,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    child.on('error', reject);
    child.on('close', (status) => {
      const ms = performance.now() - started;
      resolve({ ms, ...timeReport(rssFile), status, stdout: '', stderr });
    });
  });

/**
 * A command pinned to core 0 alone, and one copy of it pinned to each of cores 0 and 1 started
 * together (a pair's time is until both have ended), `runs` times each in alternation, after one
 * unmeasured warm-up of each (see {@link interleavedSeries}).
 */
export const aloneAndPairSeries = async (
  command: readonly string[],
  runs: number
): Promise<{ alone: Series; both: Series }> => {
  const pair = async (): Promise<Run> => {
    const [a, b] = await Promise.all([0, 1].map((core) => runProcessAsync(command, { core })));
    return (a as Run).ms >= (b as Run).ms ? (a as Run) : (b as Run);
  };
  runProcess(command, { pin: true });
  await pair();
  const alone: Run[] = [];
  const both: Run[] = [];
  for (let i = 0; i < runs; i++) {
    alone.push(runProcess(command, { pin: true }));
    both.push(await pair());
  }
  return { alone: seriesOf(alone), both: seriesOf(both) };
};

/** Median and range of a set of samples. */
export type Stats = { median: number; min: number; max: number; n: number };

export const stats = (values: readonly number[]): Stats => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, n: sorted.length };
};

/** Repeated runs of one command: times, peak memory, and whether every run exited 0. */
export type Series = { time: Stats; rss?: Stats; cpu?: Stats; failed?: string; runs: Run[] };

/**
 * Runs a command `runs` times (after one unmeasured warm-up run that fills the page cache and,
 * for the CLI, builds its bundle if needed).
 */
export const series = (
  command: readonly string[],
  runs: number,
  options: { pin?: boolean; env?: NodeJS.ProcessEnv; warmUp?: boolean } = {}
): Series => {
  if (options.warmUp ?? true) runProcess(command, options);
  return seriesOf(Array.from({ length: runs }, () => runProcess(command, options)));
};

/** One command of {@link interleavedSeries}: what runs, and whether it is pinned to core 0. */
export type Measured = { command: readonly string[]; pin?: boolean };

/**
 * Runs several commands `runs` times each, in rounds (after one unmeasured warm-up of each):
 * every round runs each command once, and the order turns by one from round to round. A machine
 * whose load drifts (other tenants of its host) then slows every command of a round alike, so a
 * ratio between them in the same run stays fair; run in blocks, one command could have the quiet
 * minute and the other the busy one.
 * @returns one series per command, in the order given
 */
export const interleavedSeries = (measured: readonly Measured[], runs: number): Series[] => {
  for (const m of measured) runProcess(m.command, m);
  const all = measured.map((): Run[] => []);
  for (let round = 0; round < runs; round++)
    for (let k = 0; k < measured.length; k++) {
      const i = (round + k) % measured.length;
      const m = measured[i] as Measured;
      (all[i] as Run[]).push(runProcess(m.command, m));
    }
  return all.map(seriesOf);
};

/** A series' figures from its runs: times, peak memory, CPU, and the first failure's error line. */
const seriesOf = (all: Run[]): Series => {
  const bad = all.find((r) => r.status !== 0);
  const rss = all.flatMap((r) => (r.maxRssMB === undefined ? [] : [r.maxRssMB]));
  const cpu = all.flatMap((r) => (r.cpuMs === undefined ? [] : [r.cpuMs]));
  return {
    time: stats(all.map((r) => r.ms)),
    ...(rss.length > 0 && { rss: stats(rss) }),
    ...(cpu.length > 0 && { cpu: stats(cpu) }),
    ...(bad !== undefined && {
      // The error's own line (`Error: Cannot create a string longer than …`), not Node's version footer.
      failed: (
        bad.stderr.match(/^\w*Error\b.*$/m)?.[0] ??
        bad.stderr.trim().split('\n').pop() ??
        `exit ${bad.status}`
      ).slice(0, 100),
    }),
    runs: all,
  };
};

/** `123 (120–130)` with a unit and a number of decimals. */
export const fmt = (s: Stats, unit: string, digits = 0): string =>
  `${s.median.toFixed(digits)} ${unit} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;

/** The machine the figures come from. */
export const machine = (): string => {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${cpu}, ${availableParallelism()} cores available, Node ${process.version}, ${process.platform}/${process.arch}`;
};

export const MEASURING = `wall time of the whole process from spawn to exit (and its CPU time, user + system, in brackets after "cpu"); peak RSS of the whole process (all threads) by ${
  HAS_GNU_TIME ? '/usr/bin/time (the kernel’s ru_maxrss and rusage)' : '(GNU time not found: not measured)'
}; one core = ${HAS_TASKSET ? 'taskset -c 0' : '(taskset not found: not pinned)'}; every process without NODE_EXTRA_CA_CERTS${
  process.env.NODE_EXTRA_CA_CERTS === undefined ? '' : ' (set on this machine; Node parses that file at every start)'
}`;
