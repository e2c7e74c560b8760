import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RecordView } from '../lib/cloudtrail/record-view.js';
import { openIpEnricher } from '../lib/context/index.js';
import { processLogStream } from '../lib/ingest/process-log.js';
import { silentLog } from '../lib/model/log.js';
import { loadRuleSet, MatchBook, RuleEngine } from '../lib/rules/index.js';
import { RecordAccess } from '../lib/rules/engine/record-access.js';

/*
 * Where the detection time goes, rule by rule: every record of the given corpora is read by
 * the real reader, and each rule the engine would evaluate on it is timed alone (its condition,
 * then for a match its dedup key, severity, first-seen key and correlation taps), with the
 * offline IP context the CLI uses (.build/ip-data). Prints the rules by total time. A dev tool:
 * the timer's own cost (a fraction of a microsecond a call, measured here) is taken out of every
 * figure; what is left still carries the call and the bookkeeping around it.
 *
 *   node --import tsx bench/rule-costs.ts [dir…] [--top N]
 *   (default: bench/.corpus/big-20x10000 and bench/.corpus/small-3000)
 */

type Cost = { calls: number; timed: number; matches: number; matchMs: number; afterMs: number };

/**
 * What timing one call costs here (two performance.now() around a call that does nothing), in
 * ms: taken out of every figure, since for a rule that costs a tenth of a microsecond a call it
 * would otherwise be most of the figure.
 */
const timerCostMs = (): number => {
  const idle = (x: number): boolean => x < 0;
  const n = 500_000;
  let spent = 0;
  let hits = 0;
  for (let pass = 0; pass < 2; pass++) {
    spent = 0;
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      if (idle(i)) hits++;
      spent += performance.now() - t;
    }
  }
  // hits stays 0; adding it keeps the timed call from being optimised away.
  return (spent + hits) / n;
};

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json.gz'))
    .map((e) => join(e.parentPath, e.name))
    .sort();

/** Times every rule over the corpora and prints the table. */
export async function runRuleCosts(dirs: readonly string[], top: number): Promise<void> {
  const ruleSet = loadRuleSet();
  const enricher = openIpEnricher(join(import.meta.dirname, '..', '.build', 'ip-data'));
  const engine = new RuleEngine(ruleSet.rules, { correlations: ruleSet.correlations, enricher });
  const access = new RecordAccess(enricher);
  const costs = new Map<string, Cost>(
    ruleSet.rules.map((r) => [r.meta.id, { calls: 0, timed: 0, matches: 0, matchMs: 0, afterMs: 0 }])
  );
  let matches = new MatchBook();
  let records = 0;
  let resetMs = 0;
  const onRecord = (view: RecordView): void => {
    records++;
    const slots = engine.slotsFor(view.head.eventSource, view.head.eventName);
    if (slots.length === 0) return;
    let t = performance.now();
    access.reset(view);
    resetMs += performance.now() - t;
    for (const slot of slots) {
      const cost = costs.get(slot.rule.meta.id) as Cost;
      cost.calls++;
      if (slot.requires.some((f) => (view.head as Record<string, unknown>)[f] === undefined)) continue;
      cost.timed++;
      t = performance.now();
      let hit = false;
      try {
        hit = slot.match(access);
      } catch {
        // counted as no match, as the engine does
      }
      const t2 = performance.now();
      cost.matchMs += t2 - t;
      if (!hit) continue;
      cost.matches++;
      try {
        // as the engine's detector does: correlation taps, then alerting unless they silence the rule
        engine.taps.collect(slot.rule.meta.id, access, matches);
        if (!engine.taps.silences(slot.rule.meta.id)) {
          slot.rule.dedupKey(access);
          slot.rule.severityFor?.(access, engine.context);
          slot.rule.firstSeen?.entity(access);
          slot.rule.firstSeen?.key(access);
        }
      } catch {
        // as above
      }
      cost.afterMs += performance.now() - t2;
      if (matches.size > 10_000) matches = new MatchBook();
    }
  };
  const detector = () => ({ onRecord, finish: () => [], stats: () => ({}) });
  const started = performance.now();
  for (const dir of dirs)
    for (const file of filesUnder(dir))
      await processLogStream(
        readFileSync(file),
        { bucket: 'local', key: relative(dir, file) },
        { detector, log: silentLog }
      );
  const total = performance.now() - started;
  const timer = timerCostMs();
  for (const cost of costs.values()) {
    cost.matchMs = Math.max(0, cost.matchMs - cost.timed * timer);
    cost.afterMs = Math.max(0, cost.afterMs - cost.matches * timer);
  }
  const rows = [...costs.entries()].sort((a, b) => b[1].matchMs + b[1].afterMs - (a[1].matchMs + a[1].afterMs));
  const all = rows.reduce((sum, [, c]) => sum + c.matchMs + c.afterMs, 0);
  const global = new Set(engine.globalRules.map((r) => r.meta.id));
  console.log(
    `rule costs: ${records} records from ${dirs.join(', ')}; ${total.toFixed(0)} ms in all, ${all.toFixed(0)} ms in rules, ${resetMs.toFixed(0)} ms in reset`
  );
  console.log(`  the timer's own ${(timer * 1000).toFixed(3)} µs a timed call is taken out of every figure`);
  console.log(
    `  ${'ms'.padStart(8)} ${'match ms'.padStart(9)} ${'after ms'.padStart(9)} ${'calls'.padStart(8)} ${'matches'.padStart(8)}  rule`
  );
  for (const [id, c] of rows.slice(0, top))
    console.log(
      `  ${(c.matchMs + c.afterMs).toFixed(1).padStart(8)} ${c.matchMs.toFixed(1).padStart(9)} ${c.afterMs.toFixed(1).padStart(9)} ${String(c.calls).padStart(8)} ${String(c.matches).padStart(8)}  ${id}${global.has(id) ? ' (every record)' : ''}`
    );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--top');
  const top = at >= 0 ? Number(args[at + 1]) : 30;
  const dirs = args.filter((a, i) => a !== '--top' && (at < 0 || i !== at + 1));
  const corpus = join(import.meta.dirname, '.corpus');
  await runRuleCosts(dirs.length > 0 ? dirs : [join(corpus, 'big-20x10000'), join(corpus, 'small-3000')], top);
}
