import { constants, createGunzip, type Gunzip, gunzipSync } from 'node:zlib';

/**
 * The parts of a Node zlib object that gunzip a buffer in one synchronous call: its native
 * handle (`writeSync`, the call `gunzipSync` makes) and the two numbers that call leaves behind
 * (output space and input left), and its reset. Not part of Node's documented API: where a Node version lacks
 * them, {@link gunzipWhole} uses `gunzipSync` instead.
 */
type Engine = {
  gunzip: Gunzip;
  handle: {
    /** Back to the start of a stream (inflateReset), keeping the inflate state and window. */
    reset(): void;
    writeSync(
      flush: number,
      input: Uint8Array,
      inOffset: number,
      inLength: number,
      output: Uint8Array,
      outOffset: number,
      outLength: number
    ): void;
  };
  /** [output bytes left, input bytes left] after the last writeSync. */
  state: Uint32Array;
};

const TRAILING = 'bytes follow the gzip stream';

/** The engine of this thread (one file is decompressed at a time: the calls are synchronous). */
let engine: Engine | null | undefined;

/** A gunzip object kept for its handle, or null where the handle is not what this module expects. */
const newEngine = (): Engine | null => {
  const gunzip = createGunzip();
  const inner = gunzip as unknown as { _handle?: Partial<Engine['handle']>; _writeState?: unknown };
  const handle = inner._handle;
  if (
    typeof handle?.writeSync !== 'function' ||
    typeof handle.reset !== 'function' ||
    !(inner._writeState instanceof Uint32Array)
  ) {
    gunzip.close();
    return null;
  }
  // A damaged input destroys the object, which then emits its error: the caller hears of the
  // damage from gunzipWhole's throw, and a new object serves the next file.
  gunzip.on('error', () => {});
  return { gunzip, handle: handle as Engine['handle'], state: inner._writeState };
};

/**
 * Decompresses a whole gzip buffer (one member or several, as `gunzipSync`) in one native call
 * per output buffer, with a zlib stream reset between files instead of a new one per file: no
 * gunzip object, stream state, native inflate state or 32 KiB window made and freed per file.
 * @param bytes - the gzip bytes
 * @param sizeHint - the size of the first output buffer (the decompressed size, when it is known,
 *   so one buffer holds it all); later buffers, if any, are as large
 * @returns the decompressed bytes
 * @throws an Error for a truncated or corrupt gzip stream, or bytes after its end (zlib reads
 *   those as a damaged further member, or ignores them when they start with a zero byte); the
 *   caller reads the same bytes as a stream to learn how far they go
 */
export const gunzipWhole = (bytes: Uint8Array, sizeHint: number): Buffer => {
  engine ??= newEngine();
  if (engine === null) {
    const { buffer, engine: used } = gunzipSync(bytes, { chunkSize: sizeHint, info: true }) as unknown as {
      buffer: Buffer;
      engine: { bytesWritten: number };
    };
    if (used.bytesWritten < bytes.length) throw new Error(TRAILING);
    return buffer;
  }
  const { gunzip, handle, state } = engine;
  handle.reset();
  const chunks: Buffer[] = [];
  let inOffset = 0;
  let total = 0;
  for (;;) {
    const out = Buffer.allocUnsafe(sizeHint);
    handle.writeSync(constants.Z_FINISH, bytes, inOffset, bytes.length - inOffset, out, 0, out.length);
    if (gunzip.destroyed) {
      engine = undefined;
      throw new Error('gzip stream is truncated or corrupt');
    }
    const outLeft = state[0] as number;
    const produced = out.length - outLeft;
    total += produced;
    if (produced > 0) chunks.push(produced === out.length ? out : out.subarray(0, produced));
    // A full output buffer may have left input (or output) behind: go on with another.
    if (outLeft > 0) {
      // zlib stops, without an error, at a zero byte after a member: bytes were added after the stream.
      if ((state[1] as number) > 0) throw new Error(TRAILING);
      break;
    }
    inOffset = bytes.length - (state[1] as number);
  }
  if (chunks.length === 1) return chunks[0] as Buffer;
  return Buffer.concat(chunks, total);
};
