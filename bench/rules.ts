import { pathToFileURL } from 'node:url';
import { Readable } from 'node:stream';
import { processLogStream } from '../lib/ingest/process-log.js';
import { silentLog } from '../lib/logger.js';
import { type DetectorFactory, noDetector } from '../lib/rules/detector.js';
import { loadRuleFolder } from '../lib/rules/load-rule-folder.js';
import { compiledBuiltinRules } from '../lib/rules/load-rule-set.js';
import { RuleEngine } from '../lib/rules/rule-engine.js';
import type { CompiledRule } from '../lib/rules/types.js';
import { encodeLogFile, generateRecords, logFileKey } from '../lib/sample/generate-trail.js';

/*
 * Detection cost, same run, same corpus: the ingest core (gunzip → split → head → counters)
 * with no rules, with the built-in pack, with 150 rules (built-in pack + SigmaHQ CloudTrail
 * rules in file order) and with every rule available. Target: 150 rules ≥ 0.9× of none.
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
  const account = '111122223333';
  const records = generateRecords({ seed: 42, account, region: 'us-east-1', start: new Date('2026-01-02T03:00:00Z'), count: RECORDS, spacingSeconds: 0.01, notable: true });
  const body = encodeLogFile(records);
  const ref = { bucket: 'bench', key: logFileKey(account, 'us-east-1', new Date('2026-01-02T04:00:00Z'), 'BENCHBENCHBENCH0'), size: body.length };
  const builtin = compiledBuiltinRules();
  const all = [...builtin, ...sigmaRules()];
  const variants: Array<{ name: string; rules: number; detector: DetectorFactory }> = [
    { name: 'no rules', rules: 0, detector: noDetector },
    { name: 'built-in pack', rules: builtin.length, detector: new RuleEngine(builtin).detector },
    { name: '150 rules', rules: Math.min(150, all.length), detector: new RuleEngine(all.slice(0, 150)).detector },
    { name: 'all rules', rules: all.length, detector: new RuleEngine(all).detector },
  ];
  const times = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  const alerts = new Map<string, number>();
  for (let round = 0; round <= ROUNDS; round++) {
    for (const variant of variants) {
      const started = performance.now();
      const summary = await processLogStream(Readable.from([body]), ref, { detector: variant.detector, log: silentLog });
      const ms = performance.now() - started;
      if (summary.records !== RECORDS) throw new Error(`read ${summary.records} of ${RECORDS} records`);
      alerts.set(variant.name, summary.alerts.length);
      // round 0 warms the JIT and the engines' per-pair caches
      if (round > 0) times.get(variant.name)?.push(ms);
    }
  }
  const base = RECORDS / median(times.get('no rules') ?? []);
  console.log(`rules bench: ${RECORDS} records (${(body.length / 1e6).toFixed(1)} MB gzip), median of ${ROUNDS} rounds`);
  for (const variant of variants) {
    const perMs = RECORDS / median(times.get(variant.name) ?? []);
    console.log(
      `  ${variant.name.padEnd(14)} ${String(variant.rules).padStart(4)} rules  ${Math.round(perMs * 1000).toLocaleString('en-US').padStart(11)} records/s  ${(perMs / base).toFixed(2)}×  ${alerts.get(variant.name)} alerts`
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runRulesBench();
