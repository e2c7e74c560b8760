import { pathToFileURL } from 'node:url';
import {
  compiledBuiltinRules,
  type CompiledRule,
  type DetectorFactory,
  loadRuleFolder,
  noDetector,
  RuleEngine,
} from '../lib/rules/index.js';
import { detectionRounds, notableLogFile } from './detection-rounds.js';

/*
 * Detection cost, same run, same corpus: the ingest core (gunzip → split → head → counters)
 * with no rules; the built-in pack; 150 rules that the engine can index (built-in + SigmaHQ
 * CloudTrail rules, leaving out those that must look at every event); the first 150 rules in
 * order (built-in, then Sigma by file name); and every rule. The `every` column counts rules
 * that look at every event (no eventSource/eventName to index them by). Target: ≥ 0.9× of none.
 */

const RECORDS = Number(process.env.BENCH_RULES_RECORDS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_RULES_ROUNDS ?? 5);
const SIGMA_DIRS = ['../shared/sigma', '../../shared/sigma'];

const sigmaRules = (): CompiledRule[] => {
  for (const dir of SIGMA_DIRS) {
    try {
      return loadRuleFolder(dir).rules;
    } catch {
      // try the next layout (checkout beside shared/, or a worktree one level deeper)
    }
  }
  return [];
};

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** Runs the rules benchmark and prints records per second side by side. */
export async function runRulesBench(): Promise<void> {
  const { body, ref } = notableLogFile(RECORDS, 'BENCHBENCHBENCH0');
  const builtin = compiledBuiltinRules();
  const all = [...builtin, ...sigmaRules()];
  const everyEvent = new Set(new RuleEngine(all).globalRules);
  const indexed = all.filter((r) => !everyEvent.has(r));
  const variant = (name: string, rules: CompiledRule[]) => ({
    name,
    rules: rules.length,
    global: rules.filter((r) => everyEvent.has(r)).length,
    detector: new RuleEngine(rules).detector,
  });
  const variants: Array<{ name: string; rules: number; global: number; detector: DetectorFactory }> = [
    { name: 'no rules', rules: 0, global: 0, detector: noDetector },
    variant('built-in pack', builtin),
    variant('150 indexed', indexed.slice(0, 150)),
    variant('150 rules', all.slice(0, 150)),
    variant('all rules', all),
  ];
  const rounds = await detectionRounds(
    { body, ref },
    variants.map((v) => v.detector),
    { rounds: ROUNDS, records: RECORDS }
  );
  const byName = (series: number[][]) => new Map(variants.map((v, i) => [v.name, series[i] ?? []]));
  const times = byName(rounds.wall);
  const cpu = byName(rounds.cpu);
  const alerts = new Map(variants.map((v, i) => [v.name, rounds.alerts[i]]));
  // CPU time is the steadier measure on a shared machine; wall time is what a Lambda bills.
  const rate = (series: Map<string, number[]>, name: string) => RECORDS / median(series.get(name) ?? []);
  /** The slowest and fastest round, in thousands of records per second. */
  const spread = (series: Map<string, number[]>, name: string) => {
    const all = series.get(name) ?? [];
    return `(${Math.round(RECORDS / Math.max(...all)).toLocaleString('en-US')}–${Math.round(RECORDS / Math.min(...all)).toLocaleString('en-US')}k)`;
  };
  const wallBase = rate(times, 'no rules');
  const cpuBase = rate(cpu, 'no rules');
  console.log(
    `rules bench: ${RECORDS} records (${(body.length / 1e6).toFixed(1)} MB gzip), median (and min–max) of ${ROUNDS} rounds`
  );
  console.log(
    `  ${'variant'.padEnd(14)} ${'rules'.padStart(5)} ${'every'.padStart(5)}  ${'wall rec/s'.padStart(11)}  ratio  ${'cpu rec/s'.padStart(11)}  ratio  alerts`
  );
  for (const variant of variants) {
    const wall = rate(times, variant.name);
    const cpuRate = rate(cpu, variant.name);
    console.log(
      `  ${variant.name.padEnd(14)} ${String(variant.rules).padStart(5)} ${String(variant.global).padStart(5)}  ${Math.round(
        wall * 1000
      )
        .toLocaleString('en-US')
        .padStart(11)}  ${(wall / wallBase).toFixed(2)}×  ${Math.round(cpuRate * 1000)
        .toLocaleString('en-US')
        .padStart(
          11
        )}  ${(cpuRate / cpuBase).toFixed(2)}×  ${alerts.get(variant.name)}  wall ${spread(times, variant.name)}`
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runRulesBench();
