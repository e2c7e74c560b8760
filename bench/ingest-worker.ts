/*
 * One benchmark measurement in a fresh process (so peak RSS is its own):
 *   ingest-worker.ts baseline|ingest <file…>
 * prints {"ms", "bytes", "events", "maxRssMB", "error"?} as JSON on stdout.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { processLogStream } from '../lib/ingest/process-log.js';
import { silentLog } from '../lib/model/log.js';
import type { DetectorFactory } from '../lib/rules/index.js';

const [mode, ...files] = process.argv.slice(2);

const loadDetector = async (): Promise<DetectorFactory | undefined> => {
  if (mode !== 'ingest+detect') return undefined;
  const { benchDetector } = await import('./detector.js');
  return benchDetector();
};

const baseline = (path: string) => {
  // The baseline counts what ingest counts, from the fully parsed document.
  const text = gunzipSync(readFileSync(path), { chunkSize: 256 * 1024 }).toString('utf8');
  const { Records } = JSON.parse(text) as { Records: Array<Record<string, unknown>> };
  const counts = new Map<string, number>();
  for (const r of Records) {
    const key = `${String(r.eventTime).slice(0, 13)}|${r.eventCategory}|${r.eventSource}|${r.eventName}|${r.readOnly}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return { bytes: Buffer.byteLength(text), events: Records.length };
};

const detector = await loadDetector();
const started = performance.now();
let bytes = 0;
let events = 0;
let error: string | undefined;
try {
  for (const path of files) {
    if (mode === 'baseline') {
      const r = baseline(path);
      bytes += r.bytes;
      events += r.events;
    } else {
      const summary = await processLogStream(
        createReadStream(path, { highWaterMark: 256 * 1024 }),
        { bucket: 'bench', key: path },
        { log: silentLog, detector }
      );
      if (summary.status !== 'ok') throw new Error(`${path}: ${summary.damage?.message}`);
      bytes += summary.bytes.uncompressed;
      events += summary.records;
    }
  }
} catch (e) {
  error = (e as Error).message.slice(0, 120);
}
const ms = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({ ms, bytes, events, maxRssMB: process.resourceUsage().maxRSS / 1024, ...(error && { error }) })}\n`
);
