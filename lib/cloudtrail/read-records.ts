import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type DamageReason, DamagedLogFileError } from '../model/errors.js';
import type { ObjectRef } from '../model/object-ref.js';
import { describeTrailingData, gunzipMembers, type TrailingData } from './gunzip-members.js';
import { gunzipWhole } from './gunzip-whole.js';
import type { RecordView } from './record-view.js';
import { RecordSplitter } from './split-records.js';
import { SplitError } from './splitter/errors.js';
import type { SplitRecordProblem } from './split-records.js';

/** gunzip output chunk size: 256 KiB doubles throughput over zlib's 16 KiB default. */
const GUNZIP_CHUNK = 256 * 1024;

/** How far zlib may inflate ahead of the scanner (on the thread pool, so a second core works). */
const GUNZIP_AHEAD = 4 * GUNZIP_CHUNK;

export type ReadResult = {
  records: number;
  /** Bytes read from the source (compressed size for gzip). */
  compressedBytes: number;
  /** Decompressed bytes scanned. */
  uncompressedBytes: number;
  gzip: boolean;
};

export type ReadHandlers = {
  onRecord: (view: RecordView) => void;
  onProblem?: (problem: SplitRecordProblem) => void;
};

/**
 * Streams a CloudTrail log file into records with constant memory: gunzip (or plain JSON, when
 * a console or HTTP client already decompressed it; sniffed from the `1f 8b` magic, not the
 * name) → byte splitter → one {@link RecordView} per record, in file order.
 *
 * Records reach `onRecord` as they are read, so everything before a damage has been seen when
 * the error is thrown.
 *
 * A small object can be passed whole, as bytes (see {@link WHOLE_FILE_LIMIT}): it is then
 * decompressed in one call on this thread, with no stream, no chunk buffer and no thread-pool
 * round trip, and gives the same records, counts and errors as the stream of the same bytes.
 *
 * @param body - the object's bytes, as a stream or whole
 * @param source - which object, for error messages
 * @returns counts of records and bytes
 * @throws DamagedLogFileError for an empty object, truncated or corrupt gzip, bytes after the
 * end of the gzip stream (`trailing-data`, thrown after every record of the complete members has
 * been read), broken JSON structure or a document without `Records`, naming bucket, key and offset
 * @example
 * const { records } = await readLogStream(createReadStream(path), ref, { onRecord: (v) => seen.add(v.head.eventName) });
 */
export const readLogStream = async (
  body: Readable | Uint8Array,
  source: ObjectRef,
  handlers: ReadHandlers
): Promise<ReadResult> => {
  if (body instanceof Uint8Array) {
    const whole = readLogBytes(body, source, handlers);
    // A damaged file takes the stream path over the same bytes, which reports how far it got.
    if (whole !== undefined) return whole;
    body = Readable.from(slices(body, GUNZIP_CHUNK));
  }
  const splitter = new RecordSplitter(handlers.onRecord, handlers.onProblem);
  let compressedBytes = 0;
  const damaged = (reason: DamageReason, detail: string, offset: number, cause?: unknown) =>
    new DamagedLogFileError(
      source,
      reason,
      detail,
      offset,
      splitter.records,
      cause === undefined ? undefined : { cause }
    );
  const scan = async (chunks: AsyncIterable<Buffer>): Promise<void> => {
    for await (const chunk of chunks) splitter.push(chunk);
  };

  const input = (body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  let first: Buffer = Buffer.alloc(0);
  // Two bytes tell gzip from plain JSON; a first chunk of one byte is joined with the next.
  while (first.length < 2) {
    const next = await input.next();
    if (next.done) break;
    first = first.length === 0 ? next.value : Buffer.concat([first, next.value]);
  }
  compressedBytes = first.length;
  if (first.length === 0) throw damaged('empty', 'the object has zero bytes', 0);
  const gzip = first[0] === 0x1f && first[1] === 0x8b;
  async function* bytes(): AsyncGenerator<Buffer> {
    yield first;
    for (let next = await input.next(); !next.done; next = await input.next()) {
      compressedBytes += next.value.length;
      yield next.value;
    }
  }

  let trailing: TrailingData | undefined;
  try {
    if (gzip) {
      // zlib runs on the thread pool, so decompression of the next chunk overlaps our scan.
      await pipeline(
        bytes,
        (source: AsyncIterable<Buffer>) =>
          gunzipMembers(source, { chunkSize: GUNZIP_CHUNK, highWaterMark: GUNZIP_AHEAD }, (found) => {
            trailing = found;
          }),
        scan
      );
    } else {
      await scan(bytes());
    }
    splitter.end();
  } catch (error) {
    if (error instanceof SplitError) throw damaged(error.kind, error.message, error.offset, error);
    const code = (error as { code?: string }).code;
    if (code === 'Z_BUF_ERROR' || /unexpected end of file/.test((error as Error).message)) {
      throw damaged(
        'truncated-gzip',
        `gzip stream ends early after ${compressedBytes} compressed bytes`,
        splitter.consumed,
        error
      );
    }
    if (typeof code === 'string' && code.startsWith('Z_')) {
      throw damaged(
        'corrupt-gzip',
        `${(error as Error).message} within ${compressedBytes} compressed bytes`,
        splitter.consumed,
        error
      );
    }
    throw error;
  }
  // CloudTrail writes gzip and nothing after it: bytes there were added to the object later.
  // Every record before them has been read; the file is still reported, as any other damage.
  if (trailing !== undefined) throw damaged('trailing-data', describeTrailingData(trailing), splitter.consumed);
  return { records: splitter.records, compressedBytes, uncompressedBytes: splitter.consumed, gzip };
};

/**
 * Compressed size under which a caller may read a file whole and hand its bytes to
 * {@link readLogStream}: at most this much compressed (CloudTrail compresses about 10:1, so
 * about 10 MiB decompressed) is held at once.
 */
export const WHOLE_FILE_LIMIT = 1024 * 1024;

/**
 * One object already in memory, read synchronously: gunzip in one call (gunzipWhole), then the
 * splitter over the result (in slices of the size the stream path pushes at most, for a large
 * one; the splitter gives the same records whatever the chunking). What {@link readLogStream}
 * does with bytes, without a promise: a caller with the bytes in hand calls this first and
 * awaits readLogStream only when it returns undefined.
 * @param bytes - the object's bytes (gzip or plain JSON)
 * @param source - which object, for error messages
 * @param handlers - receive the records and record problems, as readLogStream's
 * @returns the counts, or undefined when the gzip layer is damaged, bytes follow it, or the object
 *   has fewer than two bytes (readLogStream over the same bytes then reports how far they go)
 * @throws DamagedLogFileError for broken JSON structure, as the stream path
 */
export const readLogBytes = (bytes: Uint8Array, source: ObjectRef, handlers: ReadHandlers): ReadResult | undefined => {
  if (bytes.length < 2) return undefined;
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  let text: Buffer;
  try {
    text = gzip ? gunzipWhole(bytes, outputSize(bytes)) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  } catch {
    return undefined;
  }
  const splitter = new RecordSplitter(handlers.onRecord, handlers.onProblem);
  try {
    if (text.length <= GUNZIP_CHUNK) splitter.push(text);
    else for (const slice of slices(text, GUNZIP_CHUNK)) splitter.push(slice);
    splitter.end();
  } catch (error) {
    if (error instanceof SplitError)
      throw new DamagedLogFileError(source, error.kind, error.message, error.offset, splitter.records, {
        cause: error,
      });
    throw error;
  }
  return { records: splitter.records, compressedBytes: bytes.length, uncompressedBytes: splitter.consumed, gzip };
};

/**
 * A gunzip output chunk that holds the whole file: the size gzip records in its last four bytes
 * (ISIZE, RFC 1952), so zlib writes one buffer and copies nothing. Only a hint: a file of several
 * gzip members, or one that lies, still decompresses, in more chunks.
 */
const outputSize = (bytes: Uint8Array): number => {
  const n = bytes.length;
  const isize =
    ((bytes[n - 4] ?? 0) | ((bytes[n - 3] ?? 0) << 8) | ((bytes[n - 2] ?? 0) << 16)) + (bytes[n - 1] ?? 0) * 2 ** 24;
  // zlib's minimum chunk is 64 bytes; past 64 MiB the hint is not worth trusting with memory.
  return Math.min(Math.max(isize + 1, 1024), 64 * 1024 * 1024);
};

/** Views of `bytes`, `size` bytes each (the last one shorter), without copying. */
const slices = (bytes: Uint8Array, size: number): Buffer[] => {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const out: Buffer[] = [];
  for (let at = 0; at < buf.length; at += size) out.push(buf.subarray(at, at + size));
  return out;
};

/**
 * Reads a log file as an async sequence of records: convenient where speed matters less than
 * clarity (tests, the CLI's small commands). Buffers at most one chunk's records.
 * @throws DamagedLogFileError as {@link readLogStream}
 */
export async function* readRecords(body: Readable, source: ObjectRef): AsyncGenerator<RecordView> {
  const queue: RecordView[] = [];
  let wake: (() => void) | undefined;
  let finished = false;
  let failure: unknown;
  const reading = readLogStream(body, source, {
    onRecord: (view) => {
      queue.push(view);
      wake?.();
    },
  }).then(
    () => {
      finished = true;
      wake?.();
    },
    (error) => {
      failure = error;
      finished = true;
      wake?.();
    }
  );
  while (true) {
    while (queue.length > 0) yield queue.shift() as RecordView;
    if (finished) break;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
    wake = undefined;
  }
  await reading;
  while (queue.length > 0) yield queue.shift() as RecordView;
  if (failure !== undefined) throw failure;
}
