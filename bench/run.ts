/*
 * `npm run bench`: every benchmark, each printing its numbers beside its baseline.
 */
import { runDigestBench } from './digest.js';
import { runIngestBench } from './ingest.js';
import { runRulesBench } from './rules.js';

await runIngestBench();
await runRulesBench();
await runDigestBench();
