/*
 * The benchmark corpus: generated once into bench/.corpus/ (git-ignored) and reused. Realistic
 * records from lib/sample/, compact JSON as CloudTrail writes it, gzip at the default level.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { iterateRecords, logFileKey } from '../tools/sample/generate-trail.js';

export const CORPUS_DIR = join(dirname(fileURLToPath(import.meta.url)), '.corpus');

/** Writes one log file of about `records` records, streaming (never the whole file in memory). */
const writeLogFile = async (path: string, records: number, seed: number, start: Date): Promise<void> => {
  await mkdir(dirname(path), { recursive: true });
  async function* body() {
    yield '{"Records":[';
    let first = true;
    for (const record of iterateRecords({
      seed,
      account: '111122223333',
      region: 'us-east-1',
      start,
      count: records,
      spacingSeconds: 0.01,
      notable: true,
    })) {
      yield first ? JSON.stringify(record) : `,${JSON.stringify(record)}`;
      first = false;
    }
    yield ']}';
  }
  await pipeline(body, createGzip(), createWriteStream(path));
};

export type Corpus = { many: string[]; big: string };

/**
 * The corpus: `manyFiles` files of `perFile` records (≈150 MB uncompressed at the defaults)
 * and one big file of `bigRecords` records (≈600 MB uncompressed at the default).
 */
export const ensureCorpus = async (
  options: { manyFiles?: number; perFile?: number; bigRecords?: number } = {}
): Promise<Corpus> => {
  const manyFiles = options.manyFiles ?? 50;
  const perFile = options.perFile ?? 2100;
  const bigRecords = options.bigRecords ?? 420_000;
  const dir = join(CORPUS_DIR, `many-${manyFiles}x${perFile}`);
  const start = new Date('2026-01-02T00:00:00Z');
  const many = Array.from({ length: manyFiles }, (_, i) =>
    join(
      dir,
      logFileKey(
        '111122223333',
        'us-east-1',
        new Date(start.getTime() + i * 300_000),
        `BENCH${String(i).padStart(11, '0')}`
      )
    )
  );
  const existing = new Set(await readdir(dir, { recursive: true }).catch(() => [] as string[]));
  for (const [i, path] of many.entries()) {
    if (!existing.has(path.slice(dir.length + 1)))
      await writeLogFile(path, perFile, 1000 + i, new Date(start.getTime() + i * 300_000));
  }
  const big = join(CORPUS_DIR, `big-${bigRecords}`, logFileKey('111122223333', 'us-east-1', start, 'BIGFILE000000001'));
  const present = await stat(big).then(
    () => true,
    () => false
  );
  if (!present) await writeLogFile(big, bigRecords, 7, start);
  return { many, big };
};
