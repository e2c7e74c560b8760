import * as zlib from 'node:zlib';
import { createInflateRaw, type InflateRaw, type ZlibOptions } from 'node:zlib';
import { crc32 } from './crc32.js';
import { parseGzipHeader } from './gzip-header.js';

/** Bytes found after the last complete gzip member that do not start another member. */
export type TrailingData = {
  /** Offset of the first such byte in the compressed object. */
  at: number;
  /** How many bytes follow, to the end of the object. */
  bytes: number;
  /** Whether every one of them is zero (padding rather than content). */
  allZero: boolean;
};

/** What a damage message says of {@link TrailingData}: `8 bytes after the end of the gzip stream at compressed offset 6837`. */
export const describeTrailingData = ({ at, bytes, allZero }: TrailingData): string =>
  `${bytes} bytes${allZero ? ', all zero,' : ''} after the end of the gzip stream at compressed offset ${at}`;

const EMPTY: Buffer = Buffer.alloc(0);

/** An error shaped as zlib's own, so the caller maps it as it maps zlib's (by `code`). */
const zlibError = (message: string, code: 'Z_DATA_ERROR' | 'Z_BUF_ERROR'): Error =>
  Object.assign(new Error(message), { code });

/**
 * Decompresses a gzip object member by member (RFC 1952; several members concatenated are one
 * valid file) and stops at the end of the last one, where zlib's gunzip would read any bytes
 * that follow as another member and fail on them, losing the output of its last call: the
 * records of a complete member must all be read even when something was appended to the file.
 *
 * The header and the trailer (CRC-32 and length, both checked) are read here; the deflate data
 * is inflated by a raw inflate stream, on the thread pool, so decompression still runs ahead of
 * the caller's scan.
 * @param source - the compressed bytes, in chunks of any size, starting with a gzip header
 * @param options - for the inflate streams (chunk size, how far they may run ahead)
 * @param onTrailing - told of bytes after the last member that do not start another one (none
 *   are left out of it: the source is read to its end); not called for a clean file
 * @returns the decompressed bytes, in order, as an async sequence of chunks
 * @throws errors with zlib's `code`: Z_BUF_ERROR for a member cut short, Z_DATA_ERROR for a
 *   damaged one (a bad header, deflate data, CRC or length); records before it are yielded first
 */
export async function* gunzipMembers(
  source: AsyncIterable<Buffer>,
  options: ZlibOptions & { highWaterMark?: number },
  onTrailing: (trailing: TrailingData) => void
): AsyncGenerator<Buffer> {
  const input = source[Symbol.asyncIterator]();
  /** Input read and not yet handed to an inflater, and its offset in the object. */
  let pending: Buffer = EMPTY;
  let pendingAt = 0;
  let inputDone = false;
  const pull = async (): Promise<boolean> => {
    if (inputDone) return false;
    const next = await input.next();
    if (next.done) {
      inputDone = true;
      return false;
    }
    pending = pending.length === 0 ? next.value : Buffer.concat([pending, next.value]);
    return true;
  };
  const need = async (bytes: number): Promise<boolean> => {
    while (pending.length < bytes) if (!(await pull())) return false;
    return true;
  };

  for (let member = 0; ; member++) {
    if (member > 0) {
      await need(2);
      if (pending.length === 0) return;
      if (pending[0] !== 0x1f || pending[1] !== 0x8b) {
        const at = pendingAt;
        let bytes = 0;
        let allZero = true;
        for (let chunk: Buffer | undefined = pending; chunk !== undefined; ) {
          bytes += chunk.length;
          allZero &&= chunk.every((b) => b === 0);
          const next = inputDone ? undefined : await input.next();
          chunk = next === undefined || next.done ? undefined : next.value;
        }
        onTrailing({ at, bytes, allZero });
        return;
      }
    }

    let parsed = parseGzipHeader(pending);
    while (parsed.status === 'need-more') {
      if (!(await pull())) throw zlibError('unexpected end of file', 'Z_BUF_ERROR');
      parsed = parseGzipHeader(pending);
    }
    if (parsed.status === 'bad') throw zlibError(parsed.detail, 'Z_DATA_ERROR');
    const header = parsed.length;
    const bodyAt = pendingAt + header;
    // Ended by a sync flush, not Z_FINISH: input cut short then gives every byte it decodes to,
    // and the missing trailer says it was cut (below). With Z_FINISH zlib fails that last call
    // and drops its output, so how many records a cut file gave hung on how its bytes came in
    // chunks, and with the records its damage offset and alert id.
    const inflater = createInflateRaw({ ...(options as ZlibOptions), finishFlush: zlib.constants.Z_SYNC_FLUSH });
    // Input handed to the inflater and not yet known to be consumed: after the end of the
    // deflate data, what it did not consume is the trailer and whatever follows.
    const fed: Buffer[] = [];
    let dropped = 0;
    let stopped = false;
    const write = async (chunk: Buffer): Promise<void> => {
      while (fed.length > 0 && dropped + (fed[0] as Buffer).length <= inflater.bytesWritten)
        dropped += (fed.shift() as Buffer).length;
      fed.push(chunk);
      if (stopped || inflater.write(chunk)) return;
      await drained(inflater);
    };
    const first = pending.subarray(header);
    pending = EMPTY;
    const feeding = (async () => {
      if (first.length > 0) await write(first);
      while (!stopped) {
        const next = inputDone ? undefined : await input.next();
        if (next === undefined || next.done) {
          inputDone = true;
          if (!stopped) inflater.end();
          return;
        }
        await write(next.value);
      }
    })().catch((error: unknown) => {
      inflater.destroy(error as Error);
    });

    let crc = 0;
    let size = 0;
    try {
      for await (const out of inflater as AsyncIterable<Buffer>) {
        crc = crc32(out, crc);
        size += out.length;
        yield out;
      }
    } finally {
      // Ended, failed, or the caller stopped reading: no more input goes to this inflater.
      stopped = true;
      inflater.destroy();
    }
    await feeding;
    // The inflater stops at the end of the deflate data: what it did not consume comes next.
    const all = fed.length === 1 ? (fed[0] as Buffer) : Buffer.concat(fed);
    pending = all.subarray(inflater.bytesWritten - dropped);
    pendingAt = bodyAt + inflater.bytesWritten;
    if (!(await need(8))) throw zlibError('unexpected end of file', 'Z_BUF_ERROR');
    if (pending.readUInt32LE(0) !== crc >>> 0) throw zlibError('incorrect data check', 'Z_DATA_ERROR');
    if (pending.readUInt32LE(4) !== size % 2 ** 32) throw zlibError('incorrect length check', 'Z_DATA_ERROR');
    pending = pending.subarray(8);
    pendingAt += 8;
  }
}

/** Resolves when the inflater takes more input, or is gone (ended, failed or destroyed). */
const drained = (inflater: InflateRaw): Promise<void> =>
  new Promise((resolve) => {
    if (inflater.destroyed) return resolve();
    const done = () => {
      inflater.off('drain', done);
      inflater.off('close', done);
      resolve();
    };
    inflater.on('drain', done);
    inflater.on('close', done);
  });
