/*
 * `npm run bench`: every benchmark, each printing its numbers beside its baseline measured in the
 * same run, as median and min–max of several runs.
 *
 *   npm run bench                 full corpora (3,000 small files, 20 × 10,000 events, one 600 MB
 *                                 file), the Lambda, incident-store and first-seen baseline
 *                                 (moto_server), rules, digest and context benches; rewrites
 *                                 README.md's speed table
 *   npm run bench -- --quick      smaller corpora, CLI, Lambda and incident store only (or BENCH_QUICK=1);
 *                                 add --readme to write the table anyway
 */
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FULL, QUICK, runCliBench } from './cli.js';
import { baselineRows, runBaselineStoreBench } from './baseline-store.js';
import { runContextBench } from './context.js';
import { runDigestBench } from './digest.js';
import { runLambdaBench } from './lambda.js';
import { runPackVersionsBench } from './pack-versions.js';
import { machine, MEASURING } from './measure.js';
import { renderBenchTable, writeBenchTable } from './readme-table.js';
import { runRulesBench } from './rules.js';
import { smallFilesCorpus } from './corpus.js';
import { runStoreBench } from './store.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick') || process.env.BENCH_QUICK === '1';
const out = (line: string) => process.stdout.write(`${line}\n`);
const size = quick ? QUICK : FULL;

const loadAtStart = loadavg()[0] as number;
out(`== trailwatch bench${quick ? ' (--quick)' : ''}`);
out(`   machine: ${machine()}`);
out(`   method: ${MEASURING}; median (min–max) of ${size.runs} runs after one warm-up run`);
const cli = await runCliBench(size, out);
const lambda = await runLambdaBench(size.runs, out);
// The quick run's folder of small files in both modes: moto's transactions slow down as its table grows.
const store = await runStoreBench(await smallFilesCorpus(QUICK.smallFiles), size.runs, out);
// The first-seen baselines' DynamoDB requests per million events, on the same folder of small files.
const baselines = await runBaselineStoreBench(await smallFilesCorpus(size.smallFiles), out);
const rows = [...cli.rows, ...lambda.rows, ...store.rows, ...baselineRows(baselines)];
const about = [
  `Machine: ${machine()}${quick ? ' (quick run: smaller corpora)' : ''}; load average ${loadAtStart.toFixed(1)} at the start, ${(loadavg()[0] as number).toFixed(1)} at the end.`,
  `Method: ${MEASURING}; median (min–max) of ${size.runs} runs after one warm-up run; the commands a ratio compares run in alternation, round by round (the order turning each round), so a drift in the machine's load slows both alike; ratio = baseline median / trailwatch median.`,
  ...cli.corpus.map((line) => `Corpus: ${line}.`),
  ...lambda.about,
  ...store.about,
];
const table = renderBenchTable(rows, about);
out('');
out(table);
out('');
if (!quick || args.includes('--readme')) {
  writeBenchTable(join(dirname(dirname(fileURLToPath(import.meta.url))), 'README.md'), table);
  out('   README.md: speed table rewritten');
}
if (!quick) {
  await runRulesBench();
  await runPackVersionsBench(out);
  await runDigestBench();
  await runContextBench();
}
