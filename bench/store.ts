/*
 * The incident-store benchmark: the ingest flow (lib/pipelines/ingest-object.ts, the Lambda's
 * read → detect → summarise → notify) over the bench's folder corpus, once with the DynamoDB
 * stores as a Lambda function builds them (lib/aws/state-stores.ts: incidents and first-seen
 * baselines on the incident table, correlation states on the correlation table; one client)
 * against moto_server on 127.0.0.1, and once without a store (every file's alerts sent as they
 * are, thresholds judged within the file), in the same process, one file after another as one
 * Lambda instance takes them. Also counts the store's round trips per file: every DynamoDB request
 * the SDK sends, by operation, through a middleware on the client (deterministic for a corpus).
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { dynamoBaselineStore } from '../lib/aws/baseline-table.js';
import { dynamoCorrelationStore } from '../lib/aws/correlation-table.js';
import { dynamoIncidentStore } from '../lib/aws/incident-table.js';
import { findLogFiles, type LocalLogFile } from '../lib/local/find-log-files.js';
import type { Alert } from '../lib/model/alert.js';
import { silentLog } from '../lib/model/log.js';
import { noMetrics } from '../lib/model/metrics.js';
import type { ObjectStore } from '../lib/model/ports.js';
import { type IngestDeps, ingestObject } from '../lib/pipelines/ingest-object.js';
import { loadRuleSet, RuleEngine } from '../lib/rules/index.js';
import { createIncidentTable } from '../test/helpers/incident-table.js';
import { motoServerPath, startMoto } from '../test/helpers/moto-server.js';
import type { BenchRow } from './cli.js';
import type { CorpusFolder } from './corpus.js';
import { fmt, stats } from './measure.js';

/**
 * Files of the corpus each pass reads, from its start: moto copies the whole table once per item
 * of every TransactWriteItems, so its answers slow down as the table grows, and a longer pass
 * measures moto more than trailwatch.
 */
export const STORE_BENCH_FILES = 200;

/** Round trips timed for moto's fastest answer (a GetItem of a missing key), one at a time. */
const FLOOR_REQUESTS = 30;

/** The corpus on disk as the ObjectStore port: the same bytes S3 would stream, summaries dropped. */
export const diskStore = (byKey: ReadonlyMap<string, LocalLogFile>): ObjectStore => ({
  open: async (ref) => {
    const file = byKey.get(ref.key);
    if (file === undefined) throw new Error(`not in the corpus: ${ref.key}`);
    return { body: Readable.from([readFileSync(file.path)]), size: file.size };
  },
  read: async () => Buffer.alloc(0),
  putJson: async () => {},
  putJsonIfAbsent: async () => true,
});

/**
 * The DynamoDB requests a client sent: by operation (its name without "Command"), each attempt
 * counted with the milliseconds it took on the wire, and the keys all BatchGetItem requests asked
 * for (one read unit each: items under 4 KB, strongly consistent).
 */
export type RequestLog = { byOperation: Map<string, { n: number; ms: number }>; keysRead: number };

/**
 * Counts every DynamoDB request the client sends (each attempt) into a {@link RequestLog}, and
 * sends them to moto one at a time: moto_server's TransactWriteItems copies the whole table while
 * another of its request threads may be changing it, and fails with a 500 ("dictionary changed
 * size during iteration") when two transactions overlap. DynamoDB has no such limit; one at a
 * time only makes the store slower here.
 */
export const countRequests = (client: DynamoDBClient): RequestLog => {
  const log: RequestLog = { byOperation: new Map(), keysRead: 0 };
  let queue: Promise<unknown> = Promise.resolve();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = (context.commandName ?? 'unknown').replace(/Command$/, '');
      const entry = log.byOperation.get(name) ?? { n: 0, ms: 0 };
      entry.n += 1;
      log.byOperation.set(name, entry);
      if (name === 'BatchGetItem') {
        const items = (args.input as { RequestItems?: Record<string, { Keys?: unknown[] }> }).RequestItems ?? {};
        for (const { Keys = [] } of Object.values(items)) log.keysRead += Keys.length;
      }
      const turn = queue.then(async () => {
        const started = performance.now();
        try {
          return await next(args);
        } finally {
          entry.ms += performance.now() - started;
        }
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
    // After the retry middleware: one count per request on the wire.
    { step: 'deserialize', name: 'benchRequestCounter' }
  );
  return log;
};

/**
 * Times {@link FLOOR_REQUESTS} GetItem requests of a missing key, one at a time, on a client
 * without the request counter: the least a round trip to moto takes on this machine.
 * @param client - a fresh client of the same moto_server
 * @param tables - the bench's client, to list a table to read from
 * @returns the milliseconds of each round trip
 */
const fastestRoundTrips = async (client: DynamoDBClient, tables: DynamoDBClient): Promise<number[]> => {
  const table = await createIncidentTable(tables, 'bench-floor');
  const key = { pk: { S: 'absent' } };
  await client.send(new GetItemCommand({ TableName: table, Key: key }));
  const times: number[] = [];
  for (let i = 0; i < FLOOR_REQUESTS; i++) {
    const started = performance.now();
    await client.send(new GetItemCommand({ TableName: table, Key: key }));
    times.push(performance.now() - started);
  }
  return times;
};

/** A DynamoDB client of moto_server at `endpoint`, with moto's dummy credentials. */
export const motoDynamoClient = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

/**
 * Runs the store benchmark on `corpus` (skipped, with a row saying why, when moto_server is not on PATH).
 * @param corpus - the folder corpus (the small-files one: a quiet account)
 * @param runs - measured runs of each variant, after one warm-up of each
 */
export const runStoreBench = async (
  corpus: CorpusFolder,
  runs: number,
  out: (line: string) => void
): Promise<{ rows: BenchRow[]; about: string[] }> => {
  out('   … incident store (DynamoDB on moto_server)');
  if (motoServerPath() === undefined) {
    out('   moto_server is not on PATH: the incident-store bench is skipped');
    return {
      rows: [
        {
          goal: 'incident store',
          what: 'ingest + detect with the DynamoDB stores vs without',
          trailwatch: 'skipped: moto_server is not on PATH',
          baseline: '-',
          ratio: '-',
          target: '≥ 0.9×',
          verdict: 'not met',
        },
      ],
      about: [],
    };
  }
  const files = (await findLogFiles([corpus.dir])).slice(0, STORE_BENCH_FILES);
  const bucket = files[0]?.ref.bucket ?? 'corpus';
  const store = diskStore(new Map(files.map((f) => [f.ref.key, f])));
  const ruleSet = loadRuleSet({ dirs: [], disabled: [] });
  const engine = new RuleEngine(ruleSet.rules, {
    suppressions: ruleSet.suppressions,
    correlations: ruleSet.correlations,
  });
  let sent = 0;
  const sink = {
    send: async (alerts: readonly Alert[]) => {
      sent += alerts.length;
    },
  };
  // Files whose alerts the pass without a store sent: each opens or adds to an incident, so a store
  // must write for it at least once (one conditional UpdateItem per incident per file).
  const alerting = new Set<string>();
  const base: IngestDeps = {
    store,
    resultsBucket: 'results',
    detector: engine.detector,
    sink,
    log: silentLog,
    metrics: noMetrics,
    quietMs: engine.quietMs,
  };
  const moto = await startMoto();
  try {
    const client = motoDynamoClient(moto.endpoint);
    const requests = countRequests(client);
    /** One pass over the corpus; with the stores, on a fresh table, so every run opens the same incidents. */
    const pass = async (withStore: boolean): Promise<{ ms: number; sent: number }> => {
      const deps: IngestDeps = { ...base };
      if (withStore) {
        const table = await createIncidentTable(client, 'bench-incidents');
        const correlationTable = await createIncidentTable(client, 'bench-correlations');
        deps.incidents = dynamoIncidentStore(client, table);
        deps.correlations = {
          correlations: engine.correlations,
          store: dynamoCorrelationStore(client, correlationTable),
        };
        // The deployment's default learning period (FIRST_SEEN_LEARNING_DAYS).
        deps.firstSeen = { store: dynamoBaselineStore(client, table), learningMs: 7 * 86_400_000 };
      }
      requests.byOperation.clear();
      requests.keysRead = 0;
      sent = 0;
      const started = performance.now();
      for (const file of files) {
        const before = sent;
        await ingestObject({ bucket, key: file.ref.key }, deps);
        if (!withStore && sent > before) alerting.add(file.ref.key);
      }
      return { ms: performance.now() - started, sent };
    };
    const without: number[] = [];
    const withStore: number[] = [];
    let notifications = 0;
    let alerts = 0;
    let perOperation: RequestLog['byOperation'] = new Map();
    const storeMs: number[] = [];
    for (let i = 0; i <= runs; i++) {
      // Alternate, so a change in the machine's load touches both alike.
      const a = await pass(false);
      const b = await pass(true);
      if (i === 0) continue; // warm-up
      without.push(a.ms);
      withStore.push(b.ms);
      alerts = a.sent;
      notifications = b.sent;
      perOperation = new Map([...requests.byOperation].map(([name, e]) => [name, { ...e }]));
      storeMs.push([...requests.byOperation.values()].reduce((ms, e) => ms + e.ms, 0));
    }
    const total = [...perOperation.values()].reduce((n, e) => n + e.n, 0);
    const perFile = (n: number) => (n / files.length).toFixed(2);
    const breakdown = [...perOperation.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, e]) => `${name} ${e.n}`)
      .join(', ');
    const latency = [...perOperation.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, e]) => `${name} ${(e.ms / e.n).toFixed(1)} ms`)
      .join(', ');
    out(`   store round trips: ${total} for ${files.length} files (${perFile(total)} per file): ${breakdown}`);
    out(
      `   time waiting for moto (last run): ${(storeMs.at(-1) ?? 0).toFixed(0)} ms; per request, on average: ${latency}`
    );
    const a = stats(without);
    const b = stats(withStore);
    const ratio = a.median / b.median;
    // The best any store could do here: files are handled one after another (as one Lambda
    // instance takes them), and a file with alerts waits for at least one answer from moto.
    const floor = stats(await fastestRoundTrips(motoDynamoClient(moto.endpoint), client));
    const floorMs = alerting.size * floor.min;
    const bound = a.median / (a.median + floorMs);
    out(
      `   moto's fastest round trip: ${fmt(floor, 'ms')}; ${alerting.size} of ${files.length} files alert, so a store adds ≥ ${floorMs.toFixed(0)} ms: ratio ≤ ${bound.toFixed(2)}×`
    );
    return {
      rows: [
        {
          goal: 'incident store',
          what: `ingest + detect with the DynamoDB stores as on Lambda (incident table with baselines, correlation table; moto_server, loopback) vs without a store, the first ${files.length.toLocaleString('en-US')} small files one after another`,
          trailwatch: `${fmt(b, 'ms')}; ${notifications} notifications`,
          baseline: `no store: ${fmt(a, 'ms')}; ${alerts} alerts`,
          ratio: `${ratio.toFixed(2)}×`,
          target: '≥ 0.9×',
          verdict: ratio >= 0.9 ? 'met' : 'not met',
        },
        {
          goal: 'incident store',
          what: 'store round trips (DynamoDB requests) per file',
          trailwatch: `${perFile(total)} (${total} for ${files.length} files: ${breakdown}); moto answered them in ${fmt(stats(storeMs), 'ms')} (${latency} each)`,
          baseline: '-',
          ratio: '-',
          target: 'counted',
          verdict: 'n/a',
        },
        {
          goal: 'incident store',
          what: `the most any store can reach on moto: the ${alerting.size} of ${files.length} files with alerts each wait for at least one moto answer (one conditional UpdateItem per incident per file), at moto's fastest round trip (the quickest of ${FLOOR_REQUESTS} GetItem requests of a missing key, one at a time: the bound favours the store)`,
          trailwatch: `≥ ${floorMs.toFixed(0)} ms added (${alerting.size} × ${floor.min.toFixed(2)} ms; round trip ${fmt(floor, 'ms')})`,
          baseline: `no store: ${fmt(a, 'ms')}`,
          // The most a store can reach: the row's "what" says so.
          ratio: `${bound.toFixed(2)}×`,
          target: '≥ 0.9×',
          verdict: bound >= 0.9 ? 'n/a' : 'not met',
        },
      ],
      about: [
        `Incident store: lib/pipelines/ingest-object.ts in the bench process over the small-files corpus read from disk, the full pack, summaries and alerts kept in memory; the DynamoDB stores as lib/aws/state-stores.ts builds them, on fresh incident and correlation tables of moto_server ${moto.endpoint.replace(/:\d+$/, '')} per run; ${runs} runs of each, alternated, after one warm-up.`,
      ],
    };
  } finally {
    await moto.close();
  }
};
