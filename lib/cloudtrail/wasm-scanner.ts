import { SCAN_WASM_BASE64 } from './scan-wasm.js';

/** Kinds of member value the scanner reports (objects 2 and arrays 3 are not read here). */
export const VALUE_STRING = 1;
export const VALUE_LITERAL = 4;

/** Results of {@link WasmScanner.scanRecord} besides the end index. */
export const INCOMPLETE = -1;
export const MALFORMED = -2;

/**
 * The WebAssembly structural scanner (native/scan.c): finds where a record ends and where the
 * values of its wanted keys lie, skipping strings 16 bytes and nested values 64 bytes at a time
 * with SIMD, and walking the identity object once for both its end and its members. The splitter
 * falls back to the same walk in JavaScript where WebAssembly SIMD is missing or a buffer exceeds
 * the scanner's memory.
 */
export type WasmScanner = {
  /** Bytes `load` accepts at most. */
  readonly capacity: number;
  /** Copies the buffer the next scans read. */
  load(buf: Buffer): void;
  /** Where the last MALFORMED scan found the error. */
  errorAt(): number;
  /**
   * Scans the record opening at `open` and reports only the members named by the key tables
   * (see setKeys), the identity object's and its session context's included.
   * @returns the index after its `}`, {@link INCOMPLETE} or {@link MALFORMED}
   */
  scanRecord(open: number, length: number): number;
  /**
   * Results of the last scanRecord: per member field, value start, value end, kind, and for a
   * string of an interned field its number in {@link WasmScanner.strings} (else -1).
   */
  readonly found: Int32Array;
  foundCount(): number;
  /**
   * The strings of interned values by number, as this thread decoded them: the scanner numbers a
   * value's bytes the first time it meets them, and the caller decodes and keeps the string the
   * first time it reads that number (a slot may still be empty: a record cut short by the end of
   * a chunk numbers its values before the caller reads them).
   */
  readonly strings: (string | undefined)[];
  /**
   * Sets the keys scanRecord reports: table 0 for the record's top level, table 1 inside its
   * member whose field is table 0's `innerField` (an object: the identity), table 2 inside the
   * identity's member whose field is table 1's `innerField` (its session context); -1: none.
   * String values of the `interned` fields are numbered (see `strings`).
   */
  setKeys(
    table: 0 | 1 | 2,
    keys: ReadonlyMap<string, number>,
    innerField: number,
    interned?: ReadonlySet<number>
  ): void;
};

type Exports = {
  memory: { buffer: ArrayBuffer };
  data_ptr(): number;
  data_capacity(): number;
  error_at(): number;
  scan_record(open: number, length: number): number;
  keys_ptr(): number;
  found_ptr(): number;
  found_total(): number;
  set_keys(table: number, count: number, inner: number, from: number): void;
};

/** Members the scanner reports per record (native/scan.c MAX_MEMBERS). */
export const MAX_MEMBERS = 256;

/** The key flag that has a key's string values interned (native/scan.c INTERN). */
const INTERN = 1;

let scanner: WasmScanner | null | undefined;

/** The part of the WebAssembly API used here (Node's type definitions leave it out). */
type WasmApi = {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
};
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/**
 * The shared scanner instance (one per process; the splitter uses it synchronously, so files
 * read concurrently never interleave inside one scan), or null where WebAssembly SIMD is missing.
 */
export const wasmScanner = (): WasmScanner | null => {
  if (scanner !== undefined) return scanner;
  try {
    if (wasmApi === undefined) throw new Error('no WebAssembly');
    const module = new wasmApi.Module(Buffer.from(SCAN_WASM_BASE64, 'base64'));
    const ex = new wasmApi.Instance(module, {}).exports as unknown as Exports;
    const data = ex.data_ptr();
    const capacity = ex.data_capacity();
    const bytes = new Uint8Array(ex.memory.buffer);
    let keyBytes = 0;
    scanner = {
      capacity,
      load: (buf) => {
        bytes.set(buf, data);
        // zeroed padding: the 16-byte loads past the end then see no structural byte
        bytes.fill(0, data + buf.length, data + buf.length + 64);
      },
      errorAt: () => ex.error_at(),
      scanRecord: (open, length) => ex.scan_record(open, length),
      found: new Int32Array(ex.memory.buffer, ex.found_ptr(), MAX_MEMBERS * 5),
      foundCount: () => ex.found_total(),
      strings: [],
      setKeys: (table, keys, innerField, interned) => {
        const from = keyBytes;
        let at = ex.keys_ptr() + keyBytes;
        for (const [key, field] of keys) {
          const encoded = Buffer.from(key, 'latin1');
          bytes[at] = encoded.length;
          bytes.set(encoded, at + 1);
          bytes[at + 1 + encoded.length] = field;
          bytes[at + 2 + encoded.length] = interned?.has(field) ? INTERN : 0;
          at += encoded.length + 3;
        }
        keyBytes = at - ex.keys_ptr();
        ex.set_keys(table, keys.size, innerField, from);
      },
    };
  } catch {
    scanner = null;
  }
  return scanner;
};
