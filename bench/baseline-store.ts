/*
 * The first-seen baseline store's cost, measured: the ingest flow (lib/pipelines/ingest-object.ts)
 * with only the first-seen judge over the bench's small-files corpus (a quiet account), the
 * DynamoDB baseline store (lib/aws/baseline-table.ts) on moto_server, every request the SDK sends
 * counted by operation (a middleware on the client), and the keys each BatchGetItem asks for.
 * Two passes, each one process (one Lambda container) taking the files one after another:
 *   1. a new deployment: an empty table, the learning period, every key new;
 *   2. a new container over the baselines pass 1 left: nothing new, its cache empty.
 * The corpus is generated from a fixed seed and the clock is fixed, so the counts are the same on
 * every run. Prints reads and writes per million events and the monthly cost of the organization
 * of docs/incidents.md (1,000 accounts × 17 regions, 2,480 million events a month); `npm run bench`
 * adds them to the README's table as rows of the incident store (the baselines live in its table).
 *
 *   node --import tsx bench/baseline-store.ts
 */
import { pathToFileURL } from 'node:url';
import { dynamoBaselineStore } from '../lib/aws/baseline-table.js';
import { openIpEnricher } from '../lib/context/index.js';
import { findLogFiles } from '../lib/local/find-log-files.js';
import type { Alert } from '../lib/model/alert.js';
import type { FirstSeenDeps } from '../lib/model/baseline.js';
import { silentLog } from '../lib/model/log.js';
import { noMetrics } from '../lib/model/metrics.js';
import { type IngestDeps, ingestObject } from '../lib/pipelines/ingest-object.js';
import { compiledBuiltinRules, RuleEngine } from '../lib/rules/index.js';
import { createIncidentTable } from '../test/helpers/incident-table.js';
import { motoServerPath, startMoto } from '../test/helpers/moto-server.js';
import { type BenchRow, FULL } from './cli.js';
import { type CorpusFolder, smallFilesCorpus } from './corpus.js';
import { countRequests, diskStore, motoDynamoClient } from './store.js';

/** Events a month of the organization in docs/incidents.md: 1,000 accounts × 17 regions × 200 an hour × 730 hours. */
export const ORGANIZATION_EVENTS_PER_MONTH = 1_000 * 17 * 200 * 730;

/** DynamoDB on-demand, US East (https://aws.amazon.com/dynamodb/pricing/on-demand/, as docs/incidents.md reads it). */
const USD_PER_MILLION_READ_UNITS = 0.125;
const USD_PER_MILLION_WRITE_UNITS = 0.625;

/** After the corpus (2026-01-02 to 2026-01-04): every baseline's expiry is this + 90 days, on both passes. */
const NOW = () => new Date('2026-01-05T00:00:00Z');
const DIR = process.env.TRAILWATCH_IP_DATA_DIR ?? '.build/ip-data';

/** One pass's figures. */
export type BaselinePass = {
  name: string;
  events: number;
  files: number;
  alerts: number;
  ms: number;
  reads: number;
  keysRead: number;
  writes: number;
  byOperation: Map<string, number>;
};

const perMillion = (n: number, events: number) => (n / events) * 1e6;

/** Monthly USD of a pass's requests for ORGANIZATION_EVENTS_PER_MONTH events. */
export const monthlyUsd = (pass: BaselinePass): { reads: number; writes: number } => ({
  reads:
    (perMillion(pass.keysRead, pass.events) * (ORGANIZATION_EVENTS_PER_MONTH / 1e6) * USD_PER_MILLION_READ_UNITS) / 1e6,
  writes:
    (perMillion(pass.writes, pass.events) * (ORGANIZATION_EVENTS_PER_MONTH / 1e6) * USD_PER_MILLION_WRITE_UNITS) / 1e6,
});

/**
 * The README table's rows for the passes: goal `incident store` (the baselines are items of the
 * incident table), a count, not a speed.
 * @param passes - what runBaselineStoreBench measured ([] when it was skipped)
 */
export const baselineRows = (passes: readonly BaselinePass[]): BenchRow[] =>
  passes.map((p) => {
    const usd = monthlyUsd(p);
    return {
      goal: 'incident store',
      what: `first-seen baselines (items of the incident table): DynamoDB requests per million events, the first-seen judge over ${p.files.toLocaleString('en-US')} small files, ${p.name}`,
      trailwatch: `${perMillion(p.reads, p.events).toFixed(0)} BatchGetItem (${perMillion(p.keysRead, p.events).toFixed(0)} read units), ${perMillion(p.writes, p.events).toFixed(0)} UpdateItem; 1,000 accounts × 17 regions: $${(usd.reads + usd.writes).toFixed(2)} a month`,
      baseline: '-',
      ratio: '-',
      target: 'counted',
      verdict: 'n/a',
    };
  });

/**
 * Runs the baseline-store bench (skipped, saying so, when moto_server is not on PATH).
 * @param corpus - the small-files corpus (default: the full bench's, 3,000 files)
 * @param out - where the lines go
 */
export const runBaselineStoreBench = async (
  corpus?: CorpusFolder,
  out: (line: string) => void = console.log
): Promise<BaselinePass[]> => {
  out('baseline store bench: first-seen judge, DynamoDB baseline store on moto_server');
  if (motoServerPath() === undefined) {
    out('  moto_server is not on PATH: skipped');
    return [];
  }
  const folder = corpus ?? (await smallFilesCorpus(FULL.smallFiles));
  const files = await findLogFiles([folder.dir]);
  const bucket = files[0]?.ref.bucket ?? 'corpus';
  const store = diskStore(new Map(files.map((f) => [f.ref.key, f])));
  // The country and network rules key on the IP context: the engine has it, as on Lambda.
  const engine = new RuleEngine(compiledBuiltinRules(), { enricher: openIpEnricher(DIR) });
  let alerts = 0;
  const moto = await startMoto();
  try {
    const client = motoDynamoClient(moto.endpoint);
    const counted = countRequests(client);
    const table = await createIncidentTable(client, 'bench-baselines');
    const pass = async (name: string): Promise<BaselinePass> => {
      // A new object per pass: a new judge, as a new Lambda container has (ingest-object keeps one per store).
      const firstSeen: FirstSeenDeps = {
        store: dynamoBaselineStore(client, table, NOW),
        learningMs: 7 * 86_400_000,
        now: NOW,
      };
      const deps: IngestDeps = {
        store,
        resultsBucket: 'results',
        detector: engine.detector,
        sink: {
          send: async (sent: readonly Alert[]) => {
            alerts += sent.length;
          },
        },
        log: silentLog,
        metrics: noMetrics,
        now: NOW,
        firstSeen,
      };
      counted.byOperation.clear();
      counted.keysRead = 0;
      alerts = 0;
      let events = 0;
      const started = performance.now();
      for (const file of files) {
        const outcome = await ingestObject({ bucket, key: file.ref.key }, deps);
        if (outcome.action === 'summarised') events += outcome.summary.records;
      }
      const byOperation = new Map([...counted.byOperation].map(([op, e]) => [op, e.n]));
      return {
        name,
        events,
        files: files.length,
        alerts,
        ms: performance.now() - started,
        reads: byOperation.get('BatchGetItem') ?? 0,
        keysRead: counted.keysRead,
        writes: byOperation.get('UpdateItem') ?? 0,
        byOperation,
      };
    };
    const passes = [
      await pass('new deployment (empty table, learning, every key new)'),
      await pass('new container over those baselines (cold cache, nothing new)'),
    ];
    for (const p of passes) {
      const usd = monthlyUsd(p);
      const ops = [...p.byOperation.entries()].map(([op, n]) => `${op} ${n}`).join(', ');
      out(`  ${p.name}: ${p.files} files, ${p.events.toLocaleString('en-US')} events, ${(p.ms / 1000).toFixed(1)} s`);
      out(`    requests: ${ops} (${p.keysRead} keys read)`);
      out(
        `    per million events: ${perMillion(p.reads, p.events).toFixed(0)} BatchGetItem (${perMillion(p.keysRead, p.events).toFixed(0)} read units), ${perMillion(p.writes, p.events).toFixed(0)} UpdateItem (write units)`
      );
      out(
        `    1,000 accounts × 17 regions (${(ORGANIZATION_EVENTS_PER_MONTH / 1e6).toLocaleString('en-US')} M events a month) at this rate: reads $${usd.reads.toFixed(2)}, writes $${usd.writes.toFixed(2)} a month`
      );
    }
    client.destroy();
    return passes;
  } finally {
    await moto.close();
  }
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runBaselineStoreBench();
