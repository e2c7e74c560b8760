/*
 * The benchmark corpora, generated into bench/.corpus/ (git-ignored) and reused. Realistic records
 * from tools/sample/, compact JSON as CloudTrail writes it, gzip at the default level, under the
 * key layout of a trail bucket (AWSLogs/<account>/CloudTrail/<region>/…), so `trailwatch` finds
 * them as it finds an `aws s3 sync` copy.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import {
  createRandom,
  encodeLogFile,
  generateRecords,
  iterateRecords,
  logFileKey,
} from '../tools/sample/generate-trail.js';
import type { CloudTrailRecord } from '../lib/model/record.js';
import { contextAddresses } from './addresses.js';

export const CORPUS_DIR = join(dirname(fileURLToPath(import.meta.url)), '.corpus');

const ACCOUNT = '111122223333';
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];
const START = new Date('2026-01-02T00:00:00Z');

/** A generated folder: where it is and what it holds. */
export type CorpusFolder = {
  dir: string;
  files: number;
  records: number;
  /** Bytes on disk (gzip). */
  compressedBytes: number;
  /** Bytes of JSON inside. */
  uncompressedBytes: number;
};

/** Writes one log file of `records` records, streaming (never the whole file in memory), each changed by `shape`. */
const writeLogFile = async (
  path: string,
  records: number,
  seed: number,
  start: Date,
  shape: (record: CloudTrailRecord) => CloudTrailRecord = (record) => record
): Promise<number> => {
  await mkdir(dirname(path), { recursive: true });
  let bytes = 0;
  async function* body() {
    const emit = (text: string) => {
      bytes += Buffer.byteLength(text);
      return text;
    };
    yield emit('{"Records":[');
    let first = true;
    for (const record of iterateRecords({
      seed,
      account: ACCOUNT,
      region: 'us-east-1',
      start,
      count: records,
      spacingSeconds: 0.01,
      notable: true,
    })) {
      const shaped = shape(record);
      yield emit(first ? JSON.stringify(shaped) : `,${JSON.stringify(shaped)}`);
      first = false;
    }
    yield emit(']}');
  }
  await pipeline(body, createGzip(), createWriteStream(path));
  return bytes;
};

/**
 * Builds a folder once: `make` writes into a temporary folder, which is renamed into place with a
 * manifest, so an interrupted run leaves no half corpus behind.
 */
const folder = async (
  name: string,
  make: (dir: string) => Promise<Omit<CorpusFolder, 'dir'>>,
  root = CORPUS_DIR
): Promise<CorpusFolder> => {
  const dir = join(root, name);
  const manifest = join(dir, 'corpus.json');
  if (existsSync(manifest)) {
    const { readFile } = await import('node:fs/promises');
    return { dir, ...(JSON.parse(await readFile(manifest, 'utf8')) as Omit<CorpusFolder, 'dir'>) };
  }
  const temporary = `${dir}.tmp-${process.pid}`;
  await rm(temporary, { recursive: true, force: true });
  await mkdir(temporary, { recursive: true });
  const made = await make(temporary);
  await writeFile(join(temporary, 'corpus.json'), `${JSON.stringify(made)}\n`);
  await rm(dir, { recursive: true, force: true });
  await rename(temporary, dir);
  return { dir, ...made };
};

/**
 * A quiet account: `files` log files of 2–50 records each (1–20 KB gzip), 5 minutes apart over
 * four regions, as CloudTrail delivers them for an account with little activity.
 * @param files - how many files (thousands for the bench; a few in tests)
 * @param seed - the generator's seed
 * @param root - the folder the corpus goes in (bench/.corpus/ by default)
 */
export const smallFilesCorpus = (files: number, seed = 11, root = CORPUS_DIR): Promise<CorpusFolder> =>
  folder(
    `small-${files}`,
    async (dir) => {
      const random = createRandom(seed);
      let records = 0;
      let compressedBytes = 0;
      let uncompressedBytes = 0;
      for (let i = 0; i < files; i++) {
        const region = REGIONS[i % REGIONS.length] as string;
        const delivered = new Date(START.getTime() + Math.floor(i / REGIONS.length) * 300_000);
        const count = 2 + random.int(49);
        const batch = generateRecords({
          seed: seed * 100_000 + i,
          account: ACCOUNT,
          region,
          start: new Date(delivered.getTime() - 300_000),
          count,
          spacingSeconds: 300 / count,
          notable: i % 50 === 0,
        });
        const json = JSON.stringify({ Records: batch });
        const gz = encodeLogFile(batch);
        const path = join(dir, logFileKey(ACCOUNT, region, delivered, `SMALL${String(i).padStart(11, '0')}`));
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, gz);
        records += count;
        compressedBytes += gz.length;
        uncompressedBytes += Buffer.byteLength(json);
      }
      return { files, records, compressedBytes, uncompressedBytes };
    },
    root
  );

/**
 * A busy account: `files` files of `perFile` records (≈3 MB gzip, ≈30 MB of JSON each at 10,000).
 * @param files - how many files
 * @param perFile - records in each
 */
export const bigFilesCorpus = (files: number, perFile: number): Promise<CorpusFolder> =>
  folder(`big-${files}x${perFile}`, async (dir) => {
    let compressedBytes = 0;
    let uncompressedBytes = 0;
    for (let i = 0; i < files; i++) {
      const delivered = new Date(START.getTime() + i * 300_000);
      const path = join(dir, logFileKey(ACCOUNT, 'us-east-1', delivered, `BIG${String(i).padStart(13, '0')}`));
      uncompressedBytes += await writeLogFile(path, perFile, 1000 + i, delivered);
      compressedBytes += (await stat(path)).size;
    }
    return { files, records: files * perFile, compressedBytes, uncompressedBytes };
  });

/**
 * One huge file of `records` records (≈600 MB of JSON at 420,000): more than a JavaScript string
 * can hold, so whole-file JSON.parse cannot read it.
 * @returns the folder, and the file's path
 */
export const hugeFileCorpus = (records: number): Promise<CorpusFolder & { file: string }> =>
  oneFileCorpus(`huge-${records}`, 'HUGEFILE00000001', records, 7);

/**
 * One file of `records` records whose calls come from public IPv4 and IPv6 addresses, AWS service
 * names and private addresses (addresses.ts), as a real trail's do: the other corpora's records
 * call from documentation addresses, so `detect` on them never reads the IP databases.
 * @returns the folder, and the file's path
 */
export const publicAddressesCorpus = (records: number): Promise<CorpusFolder & { file: string }> =>
  oneFileCorpus(`public-addresses-${records}`, 'PUBLICADDRESSES1', records, 42, contextAddresses());

/**
 * A folder of one log file of `records` records, streamed to disk.
 * @param name - the folder's name
 * @param fileId - the file name's unique part (16 characters)
 * @param records - how many records
 * @param seed - the generator's seed
 * @param shape - changes each record before it is written
 * @returns the folder, and the file's path
 */
const oneFileCorpus = async (
  name: string,
  fileId: string,
  records: number,
  seed: number,
  shape?: (record: CloudTrailRecord) => CloudTrailRecord
): Promise<CorpusFolder & { file: string }> => {
  const made = await folder(name, async (dir) => {
    const path = join(dir, logFileKey(ACCOUNT, 'us-east-1', START, fileId));
    const uncompressedBytes = await writeLogFile(path, records, seed, START, shape);
    return { files: 1, records, compressedBytes: (await stat(path)).size, uncompressedBytes };
  });
  const [file] = (await readdir(made.dir, { recursive: true })).filter((p) => p.endsWith('.json.gz'));
  return { ...made, file: join(made.dir, file as string) };
};
