import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compiledBuiltinRules, type DetectorFactory, noDetector, RuleEngine } from '../lib/rules/index.js';
import { compileDefinition } from '../lib/rules/engine/compile-rule.js';
import type { CompiledRule, RuleDefinition } from '../lib/rules/types.js';
import { controlLine, describeRatios, isolatedRounds, notableLogFile, roundRatios } from './detection-rounds.js';

/*
 * The built-in pack of an earlier commit against today's, same run, same corpus, same engine:
 * the earlier pack's rule modules are checked out from git (`git archive <commit> lib`) into
 * .tmp/, and both packs are compiled and run by today's engine, so the difference is the rules
 * alone. Reported as ingest+detect records per second (CPU and wall), median and min–max of
 * BENCH_PACK_ROUNDS rounds (default 7) after a warm-up round. Each pack runs in a process of its
 * own, as a deployment runs one (isolatedRounds in detection-rounds.ts: neither pack's compiled
 * code or garbage falls on the other); every round each reads once, in an order that turns
 * from round to round, and the figure is the median of the rounds' own CPU ratios (each round's
 * load falls on both packs), with the middle half and the extremes of those ratios as its spread.
 *
 *   npx tsx bench/pack-versions.ts                  earlier pack: BENCH_PACK_BASE (default a993a10)
 *   BENCH_PACK_BASE=<commit> npx tsx bench/pack-versions.ts
 */

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const BASE = process.env.BENCH_PACK_BASE ?? 'a993a10';
const RECORDS = Number(process.env.BENCH_PACK_RECORDS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_PACK_ROUNDS ?? 7);

/** The folder under .tmp/ that holds a checkout of `lib/` at `commit` (made the first time). */
const checkoutAt = (commit: string): string => {
  const sha = execFileSync('git', ['rev-parse', '--short=12', `${commit}^{commit}`], {
    cwd: ROOT,
    encoding: 'utf8',
  }).trim();
  const dir = join(ROOT, '.tmp', `bench-pack-${sha}`);
  if (!existsSync(join(dir, 'lib', 'rules', 'pack', 'index.ts'))) {
    mkdirSync(dir, { recursive: true });
    const tar = execFileSync('git', ['archive', '--format=tar', sha, 'lib'], { cwd: ROOT, maxBuffer: 1 << 28 });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
  }
  return dir;
};

/** The rules of the pack checked out in `dir` (checkoutAt), compiled by today's engine; today's pack without `dir`. */
const packRules = async (dir?: string): Promise<CompiledRule[]> => {
  if (dir === undefined) return compiledBuiltinRules();
  const module = (await import(pathToFileURL(join(dir, 'lib', 'rules', 'pack', 'index.ts')).href)) as {
    builtinRules: ReadonlyArray<{ rule: RuleDefinition; path: string }>;
  };
  return module.builtinRules.map(({ rule, path }) => compileDefinition(rule, path));
};

/**
 * A variant's detector, built in its own process (isolatedRounds): no rules, the pack checked
 * out in `dir`, or today's pack.
 */
export const packDetector = async ({ dir, none }: { dir?: string; none?: boolean }): Promise<DetectorFactory> =>
  none ? noDetector : new RuleEngine(await packRules(dir)).detector;

const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** Runs the comparison and prints one line per pack. */
export async function runPackVersionsBench(out: (line: string) => void = console.log): Promise<void> {
  let dir: string;
  let before: CompiledRule[];
  try {
    dir = checkoutAt(BASE);
    before = await packRules(dir);
  } catch (error) {
    out(`pack bench: skipped, the pack at ${BASE} cannot be checked out (${(error as Error).message.split('\n')[0]})`);
    return;
  }
  const file = notableLogFile(RECORDS, 'BENCHPACKBENCH00');
  const old = new RuleEngine(before);
  const now = new RuleEngine(compiledBuiltinRules());
  const variants = [
    { name: 'no rules', rules: 0, every: 0, arg: { none: true } },
    { name: `pack at ${BASE}`, rules: old.rules.length, every: old.globalRules.length, arg: { dir } },
    { name: 'pack now', rules: now.rules.length, every: now.globalRules.length, arg: {} },
  ];
  // Each pack in a process of its own, as a deployment runs one (see isolatedRounds).
  // The variants, then the earlier pack again in a process of its own: the control (controlLine).
  const { reads, alerts } = await isolatedRounds(
    file,
    [...variants, variants[1]].map((v) => ({ module: import.meta.url, name: 'packDetector', arg: v?.arg })),
    { rounds: ROUNDS, records: RECORDS }
  );
  const wall = reads.map((series) => series.map((r) => r.ms));
  const cpu = reads.map((series) => series.map((r) => r.cpu));
  const k = (ms: number) => Math.round(RECORDS / ms).toLocaleString('en-US');
  const rate = (series: readonly number[]) =>
    `${k(median(series)).padStart(6)}k (${k(Math.max(...series))}–${k(Math.min(...series))}k)`;
  out(
    `pack bench: the pack at ${BASE} against today's, ${RECORDS} records, median (min–max) of ${ROUNDS} rounds, each pack in a process of its own reading once a round, the order turning from round to round`
  );
  out(
    `  ${'variant'.padEnd(20)} ${'rules'.padStart(5)} ${'every'.padStart(5)}  ${'cpu rec/s'.padEnd(22)} ${'wall rec/s'.padEnd(22)} alerts`
  );
  for (const [i, v] of variants.entries())
    out(
      `  ${v.name.padEnd(20)} ${String(v.rules).padStart(5)} ${String(v.every).padStart(5)}  ${rate(cpu[i] ?? []).padEnd(22)} ${rate(wall[i] ?? []).padEnd(22)} ${alerts[i]}`
    );
  // Each round's own ratio (earlier pack's CPU time / today's): a round's load falls on both.
  out(
    `  today's pack's CPU rate against the earlier pack's: ${describeRatios(roundRatios(cpu[1] ?? [], cpu[2] ?? []))}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`
  );
  out(`  ${controlLine(`the pack at ${BASE}`, roundRatios(cpu[1] ?? [], cpu[3] ?? []))}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runPackVersionsBench();
