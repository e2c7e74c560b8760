import zlib from 'node:zlib';
import { crc32 } from '../../cloudtrail/crc32.js';
import { parseGzipHeader } from '../../cloudtrail/gzip-header.js';

/** Which part of a gzip member (RFC 1952) a verdict is about. */
export type GzipPart = 'header' | 'deflate' | 'trailer';

/**
 * How reading the first gzip member of an object ended.
 * - `complete`: header, deflate stream and the full 8-byte trailer, CRC32 and ISIZE checked.
 *   `trailingData` says whether any byte followed the member (another member, garbage, a `\n`).
 * - `truncated`: the object ended inside `part`. For `trailer`, `trailerBytes` (0–7) were present and
 *   whatever of CRC32 they covered was checked, as zlib does.
 * - `corrupt`: zlib would raise: not gzip, bad flags, bad deflate data, bad CRC32 or ISIZE.
 *   `detail` is zlib's own message (`incorrect header check`, `incorrect data check`, …).
 * - `too-large`: the output passed `maxOutputBytes` (only when the caller set one); inflating stopped.
 */
export type GzipMemberOutcome =
  | { kind: 'complete'; trailingData: boolean }
  | { kind: 'truncated'; part: GzipPart; trailerBytes?: number }
  | { kind: 'corrupt'; part: GzipPart; detail: string }
  | { kind: 'too-large'; maxOutputBytes: number };

/** Limits on one inflation. */
export type InflateOptions = {
  /**
   * Stop as soon as the output passes this many bytes and report `too-large`: a decompression
   * bomb (deflate reaches 1032:1) is cut off there instead of being inflated to its end. No chunk
   * past the limit reaches `onOutput`. Unset: no limit (log files are hashed as a stream).
   */
  maxOutputBytes?: number;
};

/** A {@link GzipMemberOutcome} with how many bytes were read and produced. */
export type GzipMemberResult = GzipMemberOutcome & {
  /** Bytes of the object that were read (reading stops a few bytes after the member). */
  compressedBytes: number;
  /** Decompressed bytes handed to `onOutput`. */
  outputBytes: number;
};

/** Output chunk of the inflater: large chunks mean fewer callbacks and less garbage per megabyte. */
const OUTPUT_CHUNK = 256 * 1024;
/** Input is handed to zlib in pieces of about this size (HTTP bodies arrive in ~16 KB chunks). */
const INPUT_BATCH = 128 * 1024;

/** Regroups a byte stream into chunks of at least `size` bytes (the last may be smaller). */
async function* coalesce(source: AsyncIterable<Uint8Array | string>, size: number): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let length = 0;
  for await (const raw of source) {
    const chunk = asBuffer(raw);
    if (chunk.length >= size && length === 0) {
      yield chunk;
      continue;
    }
    parts.push(chunk);
    length += chunk.length;
    if (length >= size) {
      yield parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, length);
      parts = [];
      length = 0;
    }
  }
  if (length > 0) yield parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, length);
}

const asBuffer = (chunk: Uint8Array | string): Buffer =>
  typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);

const zlibDetail = (error: unknown): string => {
  const message = (error as Error).message ?? String(error);
  return message.replace(/^.*?: /, '');
};

/**
 * Streams the first gzip member of an object through `onOutput`, with zlib's exact semantics
 * and without ever holding the object in memory.
 *
 * Why not `zlib.createGunzip()`: it silently concatenates further members and throws on other
 * trailing bytes, so it would hash a different byte sequence than `aws cloudtrail validate-logs`
 * (Python `zlib.decompressobj(MAX_WBITS | 16)`), which inflates the first member only. Here the
 * header is parsed by hand, the deflate stream goes through a raw inflater whose consumed-byte count
 * shows where the stream ended, and the 8-byte trailer is checked like zlib checks it (CRC32 once 4
 * bytes are there, ISIZE once 8 are).
 *
 * Reading stops shortly after the member: the trailing-data verdict needs only to know whether
 * one more byte exists.
 *
 * @param source - the object's bytes, e.g. an S3 `GetObject` body or a file stream
 * @param onOutput - receives each decompressed chunk in order (hash it, collect it)
 * @param options - `maxOutputBytes`, for objects that are read into memory
 * @returns how the member ended, with byte counts
 * @throws whatever `source` throws while being read (network, file system)
 * @example
 * const hash = createHash('sha256');
 * const result = await inflateFirstMember(body, (chunk) => hash.update(chunk));
 * if (result.kind === 'complete' && !result.trailingData) console.log(hash.digest('hex'));
 */
export const inflateFirstMember = async (
  source: AsyncIterable<Uint8Array | string>,
  onOutput: (chunk: Buffer) => void,
  options: InflateOptions = {}
): Promise<GzipMemberResult> => {
  const maxOutputBytes = options.maxOutputBytes ?? Number.POSITIVE_INFINITY;
  let tooLarge = false;
  let compressedBytes = 0;
  let outputBytes = 0;
  let crc = 0;
  let phase: 'header' | 'deflate' | 'trailer' = 'header';
  let header: Buffer = Buffer.alloc(0);
  const tail: Buffer[] = [];
  let tailLength = 0;
  let fed = 0;

  const inflater = zlib.createInflateRaw({ chunkSize: OUTPUT_CHUNK });
  let inflateError: unknown;
  inflater.on('data', (chunk: Buffer) => {
    if (tooLarge) return;
    if (outputBytes + chunk.length > maxOutputBytes) {
      // Destroying stops zlib between two output chunks; the pending write's callback still runs.
      tooLarge = true;
      inflater.destroy();
      return;
    }
    crc = crc32(chunk, crc);
    outputBytes += chunk.length;
    onOutput(chunk);
  });
  inflater.on('error', (error) => {
    inflateError = error;
  });
  // On a zlib error Node destroys the stream without calling the pending write's callback, so the
  // error event must settle the write too.
  const write = (chunk: Buffer): Promise<unknown> =>
    new Promise((resolve) => {
      if (inflateError !== undefined) return resolve(inflateError);
      const onError = (error: unknown): void => resolve(error);
      // Stopped at maxOutputBytes: a destroyed stream may drop the callback, its close never.
      const onClose = (): void => resolve(inflateError);
      inflater.once('error', onError);
      inflater.once('close', onClose);
      inflater.write(chunk, (error) => {
        inflater.off('error', onError);
        inflater.off('close', onClose);
        resolve(error ?? inflateError);
      });
    });
  // Output already pushed must reach onOutput before the inflater is ended or destroyed.
  const flushed = async (): Promise<void> => {
    while (inflater.readableLength > 0 && !inflater.destroyed) await new Promise((r) => setImmediate(r));
  };
  const done = (outcome: GzipMemberOutcome): GzipMemberResult => {
    inflater.destroy();
    return { ...outcome, compressedBytes, outputBytes };
  };

  for await (let chunk of coalesce(source, INPUT_BATCH)) {
    compressedBytes += chunk.length;
    if (phase === 'header') {
      header = header.length === 0 ? chunk : Buffer.concat([header, chunk]);
      const parsed = parseGzipHeader(header);
      if (parsed.status === 'need-more') continue;
      if (parsed.status === 'bad') return done({ kind: 'corrupt', part: 'header', detail: parsed.detail });
      chunk = header.subarray(parsed.length);
      header = Buffer.alloc(0);
      phase = 'deflate';
    }
    if (phase === 'deflate') {
      if (chunk.length === 0) continue;
      const error = await write(chunk);
      if (tooLarge) return done({ kind: 'too-large', maxOutputBytes });
      if (error) return done({ kind: 'corrupt', part: 'deflate', detail: zlibDetail(error) });
      fed += chunk.length;
      const unconsumed = fed - inflater.bytesWritten;
      if (unconsumed === 0) continue;
      chunk = chunk.subarray(chunk.length - unconsumed);
      phase = 'trailer';
    }
    tail.push(chunk);
    tailLength += chunk.length;
    if (tailLength > 8) break;
  }

  if (phase === 'header') return done({ kind: 'truncated', part: 'header' });
  if (phase === 'deflate') {
    await flushed();
    const ended = tooLarge
      ? undefined
      : await new Promise<unknown>((resolve) => {
          inflater.once('error', resolve);
          inflater.once('end', () => resolve(undefined));
          inflater.once('close', () => resolve(undefined));
          inflater.end();
          inflater.resume();
        });
    if (tooLarge) return done({ kind: 'too-large', maxOutputBytes });
    if (ended) {
      const detail = zlibDetail(ended);
      return done(
        detail === 'unexpected end of file'
          ? { kind: 'truncated', part: 'deflate' }
          : { kind: 'corrupt', part: 'deflate', detail }
      );
    }
  } else {
    await flushed();
  }
  if (tooLarge) return done({ kind: 'too-large', maxOutputBytes });

  const trailer = Buffer.concat(tail);
  if (trailer.length >= 4 && trailer.readUInt32LE(0) !== crc >>> 0) {
    return done({ kind: 'corrupt', part: 'trailer', detail: 'incorrect data check' });
  }
  if (trailer.length >= 8 && trailer.readUInt32LE(4) !== outputBytes % 2 ** 32) {
    return done({ kind: 'corrupt', part: 'trailer', detail: 'incorrect length check' });
  }
  if (trailer.length < 8) return done({ kind: 'truncated', part: 'trailer', trailerBytes: trailer.length });
  return done({ kind: 'complete', trailingData: trailer.length > 8 });
};
