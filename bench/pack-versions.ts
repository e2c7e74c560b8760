import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compiledBuiltinRules, type DetectorFactory, noDetector, RuleEngine } from '../lib/rules/index.js';
import { compileDefinition } from '../lib/rules/engine/compile-rule.js';
import type { RuleDefinition } from '../lib/rules/types.js';
import { detectionRounds, notableLogFile } from './detection-rounds.js';

/*
 * The built-in pack of an earlier commit against today's, same run, same corpus, same engine:
 * the earlier pack's rule modules are checked out from git (`git archive <commit> lib`) into
 * .tmp/, and both packs are compiled and run by today's engine, so the difference is the rules
 * alone. Reported as ingest+detect records per second (CPU and wall), median and min–max of
 * BENCH_PACK_ROUNDS rounds (default 7) after a warm-up round. Every round runs each variant once,
 * in an order that turns from round to round, each read after a full garbage
 * collection (no variant always runs first or in between, or on the garbage another left: see
 * detection-rounds.ts), and the figure is the median of the rounds' own CPU ratios (each
 * round's load falls on both packs), with the middle half and the extremes of those ratios as
 * its spread.
 *
 *   npx tsx bench/pack-versions.ts                  earlier pack: BENCH_PACK_BASE (default a993a10)
 *   BENCH_PACK_BASE=<commit> npx tsx bench/pack-versions.ts
 */

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const BASE = process.env.BENCH_PACK_BASE ?? 'a993a10';
const RECORDS = Number(process.env.BENCH_PACK_RECORDS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_PACK_ROUNDS ?? 7);

/** The rule definitions of the pack at `commit`, from a checkout of its `lib/` under .tmp/. */
const packAt = async (commit: string): Promise<ReadonlyArray<{ rule: RuleDefinition; path: string }>> => {
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
  const module = (await import(pathToFileURL(join(dir, 'lib', 'rules', 'pack', 'index.ts')).href)) as {
    builtinRules: ReadonlyArray<{ rule: RuleDefinition; path: string }>;
  };
  return module.builtinRules;
};

const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** Runs the comparison and prints one line per pack. */
export async function runPackVersionsBench(out: (line: string) => void = console.log): Promise<void> {
  let before: ReadonlyArray<{ rule: RuleDefinition; path: string }>;
  try {
    before = await packAt(BASE);
  } catch (error) {
    out(`pack bench: skipped, the pack at ${BASE} cannot be checked out (${(error as Error).message.split('\n')[0]})`);
    return;
  }
  const file = notableLogFile(RECORDS, 'BENCHPACKBENCH00');
  const engineOf = (rules: ReturnType<typeof compiledBuiltinRules>) => new RuleEngine(rules);
  const old = engineOf(before.map(({ rule, path }) => compileDefinition(rule, path)));
  const now = engineOf(compiledBuiltinRules());
  const variants: Array<{ name: string; rules: number; every: number; detector: DetectorFactory }> = [
    { name: 'no rules', rules: 0, every: 0, detector: noDetector },
    { name: `pack at ${BASE}`, rules: old.rules.length, every: old.globalRules.length, detector: old.detector },
    { name: 'pack now', rules: now.rules.length, every: now.globalRules.length, detector: now.detector },
  ];
  const { wall, cpu, alerts } = await detectionRounds(
    file,
    variants.map((v) => v.detector),
    { rounds: ROUNDS, records: RECORDS }
  );
  const k = (ms: number) => Math.round(RECORDS / ms).toLocaleString('en-US');
  const rate = (series: readonly number[]) =>
    `${k(median(series)).padStart(6)}k (${k(Math.max(...series))}–${k(Math.min(...series))}k)`;
  out(
    `pack bench: the pack at ${BASE} against today's, ${RECORDS} records, median (min–max) of ${ROUNDS} rounds, each variant once a round after a full GC, the order turning from round to round`
  );
  out(
    `  ${'variant'.padEnd(20)} ${'rules'.padStart(5)} ${'every'.padStart(5)}  ${'cpu rec/s'.padEnd(22)} ${'wall rec/s'.padEnd(22)} alerts`
  );
  for (const [i, v] of variants.entries())
    out(
      `  ${v.name.padEnd(20)} ${String(v.rules).padStart(5)} ${String(v.every).padStart(5)}  ${rate(cpu[i] ?? []).padEnd(22)} ${rate(wall[i] ?? []).padEnd(22)} ${alerts[i]}`
    );
  // Each round's own ratio (earlier pack's CPU time / today's): a round's load falls on both.
  const ratios = (cpu[1] ?? []).map((o, i) => o / ((cpu[2] ?? [])[i] ?? Number.NaN));
  const sorted = [...ratios].sort((a, b) => a - b);
  const quartile = (q: number) => sorted[Math.round(q * (sorted.length - 1))] as number;
  out(
    `  today's pack reads at ${median(ratios).toFixed(2)}× the earlier pack's CPU rate (median of the rounds' ratios; middle half ${quartile(0.25).toFixed(2)}–${quartile(0.75).toFixed(2)}×, all ${(sorted[0] as number).toFixed(2)}–${(sorted.at(-1) as number).toFixed(2)}×; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')})`
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runPackVersionsBench();
