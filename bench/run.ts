/*
 * `npm run bench`: every benchmark, each printing its numbers beside its baseline.
 */
import { runIngestBench } from './ingest.js';

await runIngestBench();
