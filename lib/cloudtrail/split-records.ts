import { isUtf8 } from 'node:buffer';
import { COLON, COMMA, LBRACE, LBRACKET, QUOTE, RBRACE, RBRACKET } from './json-bytes.js';
import type { RecordHead, RecordView } from './record-view.js';
import {
  INCOMPLETE,
  MALFORMED,
  MAX_MEMBERS,
  VALUE_LITERAL,
  VALUE_STRING,
  type WasmScanner,
  wasmScanner,
} from './wasm-scanner.js';
import {
  ALLOWED,
  USER_IDENTITY,
  HEAD_FIELDS,
  LOCATED_BASE,
  LOCATED_FIELDS,
  LOCATED_IDENTITY_FIELDS,
  LOCATED_PLACES,
  LOCATED_SESSION_FIELDS,
  SESSION_CONTEXT,
  type HeadField,
  IDENTITY_FIELDS,
  newHead,
  setHead,
  HEAD_KEYS,
  matchKey,
} from './splitter/head-fields.js';
import { MAX_RECORD_BYTES, SplitError } from './splitter/errors.js';
import { RecordSkip } from './splitter/record-skip.js';
import { SlicedRecord } from './splitter/sliced-record.js';
import {
  NESTING,
  TOO_DEEP,
  UNBALANCED,
  stringEnd,
  scanIdentity,
  skipContainer,
  stringValue,
  internedValue,
} from './splitter/json-walk.js';

/** The UTF-8 byte order mark. */
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/*
 * A byte-level splitter for `{"Records":[{…},{…}]}`. It walks the structure once (jumping over
 * string contents with a native indexOf), hands out each record as a zero-copy slice, and
 * pulls the record's top-level head fields on the way, so counting and rule indexing never
 * need a full JSON.parse. Nothing is kept between records but the unfinished tail of a chunk.
 */
let keysSet = false;

/**
 * The located places of a record without any located member (never written). A place is the
 * value's start + 1, 0 when the record has no such member, -1 when the scanner could not tell
 * (see {@link SlicedRecord.valueStart}).
 */
const NO_LOCATED = new Int32Array(LOCATED_PLACES);
/**
 * Records' located places are written into blocks of this many records' places, each record
 * taking the next unused slot (never reused, so a view stays valid as long as it is kept): one
 * typed array, and one off-heap allocation, per block instead of per record.
 */
const BLOCK_RECORDS = 512;
const SLOT = LOCATED_PLACES;
/** Where the identity's and the session context's places start in a record's slot. */
const IDENTITY_SLOTS = LOCATED_FIELDS.size;
const SESSION_SLOTS = IDENTITY_SLOTS + LOCATED_IDENTITY_FIELDS.size;
/** A record's next unused slot in the current block (a new block when it is full). */
const newSlot = (): number => {
  if (blockNext + SLOT > block.length) {
    block = new Int32Array(SLOT * BLOCK_RECORDS);
    blockNext = 0;
  }
  blockNext += SLOT;
  return blockNext - SLOT;
};
/** The scanner's kind for an object whose members it reports (native/scan.c). */
const VALUE_OBJECT = 2;
let block = NO_LOCATED;
let blockNext = SLOT;
/** The shared WebAssembly scanner, told once which keys make the head. */
const configuredScanner = (): WasmScanner | null => {
  const wasm = wasmScanner();
  if (wasm && !keysSet) {
    // Head strings repeat from record to record, but for the time and the event id.
    const fresh = new Set([HEAD_FIELDS.get('eventTime'), HEAD_FIELDS.get('eventID'), USER_IDENTITY]);
    const interned = new Set([...HEAD_FIELDS.values(), ...IDENTITY_FIELDS.values()].filter((f) => !fresh.has(f)));
    wasm.setKeys(0, new Map([...HEAD_FIELDS, ...LOCATED_FIELDS]), USER_IDENTITY, interned);
    wasm.setKeys(1, new Map([...IDENTITY_FIELDS, ...LOCATED_IDENTITY_FIELDS]), SESSION_CONTEXT, interned);
    wasm.setKeys(2, LOCATED_SESSION_FIELDS, -1);
    keysSet = true;
  }
  return wasm;
};

/**
 * What the splitter reports for a record it could not hand out: not valid UTF-8, larger than the
 * record byte limit (`too-large`), or nested deeper than the splitter's bracket stack (`too-deep`).
 */
export type SplitRecordProblem = {
  index: number;
  offset: number;
  reason: 'invalid-utf8' | 'too-large' | 'too-deep';
  message: string;
};

/** Options of {@link RecordSplitter}. */
export type SplitterOptions = {
  /** `js` walks records in JavaScript even where WebAssembly works (both give the same records). */
  engine?: 'wasm' | 'js';
  /** Records larger than this many bytes are skipped as `too-large` (default {@link MAX_RECORD_BYTES}). */
  maxRecordBytes?: number;
};

/**
 * Incremental splitter: feed decompressed chunks with {@link RecordSplitter.push}, then call
 * {@link RecordSplitter.end}. Records are delivered synchronously to `onRecord` in file order.
 *
 * The structure is checked (balanced brackets, strings closed, only JSON tokens between them,
 * a `Records` array at the top); a record's inner values are only fully checked when something
 * parses it. Records with invalid UTF-8, records larger than the byte limit and records nested
 * deeper than {@link NESTING} allows are reported to `onProblem` and skipped, and the records
 * after them are delivered: a record too large or too deep is walked over with a depth counter
 * (lib/cloudtrail/splitter/record-skip.ts), never buffered whole, so memory stays bounded by the
 * limit plus a chunk.
 *
 * @example
 * const splitter = new RecordSplitter((view) => counts.add(view.head), (p) => problems.push(p));
 * for await (const chunk of gunzipped) splitter.push(chunk);
 * splitter.end();
 */
export class RecordSplitter {
  readonly #onRecord: (view: RecordView) => void;
  readonly #onProblem: (problem: SplitRecordProblem) => void;
  /** Unprocessed bytes carried from the previous chunk (an unfinished record or token). */
  #carry: Buffer | undefined;
  /** Whether the whole buffer being scanned is valid UTF-8: then so is each record cut from it. */
  #bufferIsUtf8 = false;
  /** Offset in the whole stream of the first byte of the buffer being scanned. */
  #base = 0;
  /** Bracket stack (LBRACE / LBRACKET) for the levels above a record. */
  #outer: number[] = [];
  #expectKey = false;
  #lastKey = '';
  #recordsArrayDepth = -1;
  #sawRecords = false;
  #done = false;
  #records = 0;
  /** The record being walked over (too large or too deep), when one spans the chunk boundary. */
  #skip: RecordSkip | undefined;
  readonly #maxRecordBytes: number;

  /** The WebAssembly scanner, or null to walk records in JavaScript. */
  readonly #wasm: WasmScanner | null;

  /**
   * @param onRecord - receives each record, in file order
   * @param onProblem - receives records that were skipped (invalid UTF-8, too large, too deep)
   * @param options - the engine (`js` walks records in JavaScript even where WebAssembly works;
   *   both give the same records, the tests compare them) and the record byte limit
   */
  constructor(
    onRecord: (view: RecordView) => void,
    onProblem: (problem: SplitRecordProblem) => void = () => {},
    options: SplitterOptions = {}
  ) {
    this.#onRecord = onRecord;
    this.#onProblem = onProblem;
    this.#wasm = options.engine === 'js' ? null : configuredScanner();
    this.#maxRecordBytes = options.maxRecordBytes ?? MAX_RECORD_BYTES;
  }

  /** Records handed out so far. */
  get records(): number {
    return this.#records;
  }

  /** Bytes fully consumed so far (the offset where an error would be reported). */
  get consumed(): number {
    return this.#base;
  }

  /**
   * Scans one chunk of decompressed bytes.
   * @throws SplitError on structural damage, with the stream offset
   */
  push(chunk: Buffer): void {
    let rest = chunk;
    const carry = this.#carry;
    if (carry !== undefined) {
      // Finish the token left over from the last chunk by joining it with as little of this
      // chunk as needed, instead of copying the whole chunk.
      this.#carry = undefined;
      let take = Math.min(chunk.length, Math.max(64 * 1024, carry.length));
      for (;;) {
        const joined = Buffer.concat([carry, chunk.subarray(0, take)]);
        const stop = this.#scan(joined);
        if (take === chunk.length) {
          this.#keep(joined, stop);
          return;
        }
        if (stop > carry.length) {
          this.#base += stop;
          rest = chunk.subarray(stop - carry.length);
          break;
        }
        take = Math.min(chunk.length, take * 2);
      }
    }
    this.#keep(rest, this.#scan(rest));
  }

  /**
   * Advances past `stop` and keeps what follows it (an unfinished token) for the next chunk. An
   * unfinished record that has grown past the byte limit is walked over instead of kept.
   */
  #keep(buf: Buffer, stop: number): void {
    if (stop < buf.length && buf.length - stop > this.#maxRecordBytes) {
      if (buf[stop] !== LBRACE || this.#outer.length !== this.#recordsArrayDepth) {
        throw new SplitError(
          'invalid-json',
          `token larger than ${this.#maxRecordBytes} bytes outside the records`,
          this.#base + stop
        );
      }
      const end = this.#skipRecord(buf, stop, 'too-large');
      this.#base += end;
      if (end < buf.length) {
        const rest = buf.subarray(end);
        this.#keep(rest, this.#scan(rest));
      }
      return;
    }
    if (stop < buf.length) this.#carry = buf.subarray(stop);
    this.#base += stop;
  }

  /**
   * Reports the record opening at `start` as skipped and walks over it.
   * @returns the index after its closing `}`, or `buf.length` when it goes on in the next chunk
   *   (the walk then resumes at the start of the next scan)
   */
  #skipRecord(buf: Buffer, start: number, reason: 'too-large' | 'too-deep'): number {
    const index = this.#records++;
    const offset = this.#base + start;
    this.#report(index, offset, reason);
    const skip = new RecordSkip(index, offset);
    const end = skip.feed(buf, start);
    if (end >= 0) return end;
    this.#skip = skip;
    return buf.length;
  }

  /**
   * Ends the stream.
   * @throws SplitError when the JSON is unfinished or holds no Records array
   */
  end(): void {
    if (this.#skip !== undefined) {
      throw new SplitError(
        'invalid-json',
        `unexpected end of JSON inside skipped record ${this.#skip.index} (offset ${this.#skip.offset})`,
        this.#base
      );
    }
    if (this.#carry !== undefined && this.#carry.length > 0) {
      throw new SplitError('invalid-json', 'unexpected end of JSON inside a record or token', this.#base);
    }
    if (!this.#sawRecords) {
      throw new SplitError('not-cloudtrail', 'no top-level "Records" array', this.#base);
    }
    if (!this.#done) {
      throw new SplitError('invalid-json', 'unexpected end of JSON: the Records document is not closed', this.#base);
    }
  }

  /** Scans `buf` and returns where it stopped: buf.length, or the start of an unfinished record/token. */
  #scan(buf: Buffer): number {
    const n = buf.length;
    const wasm = this.#wasm !== null && n <= this.#wasm.capacity ? this.#wasm : null;
    wasm?.load(buf);
    // One check of the buffer instead of one per record; a buffer that ends inside a character
    // (or holds a bad record) fails it, and its records are then checked one by one.
    this.#bufferIsUtf8 = isUtf8(buf);
    const outer = this.#outer;
    let i = 0;
    const skip = this.#skip;
    if (skip !== undefined) {
      const end = skip.feed(buf, 0);
      if (end < 0) return n;
      this.#skip = undefined;
      i = end;
    }
    while (i < n) {
      const c = buf[i] as number;
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        i++;
        continue;
      }
      if (this.#done) {
        throw new SplitError('invalid-json', `unexpected data after the end of the JSON document`, this.#base + i);
      }
      if (c === LBRACE && outer.length === this.#recordsArrayDepth) {
        const end = wasm ? this.#scanRecordWasm(wasm, buf, i) : this.#scanRecord(buf, i);
        if (end < 0) return i;
        i = end;
        continue;
      }
      if (c === QUOTE) {
        const end = stringEnd(buf, i + 1);
        if (end < 0) return i;
        if (this.#expectKey) {
          this.#lastKey = buf.toString('utf8', i + 1, end);
          this.#expectKey = false;
        }
        i = end + 1;
        continue;
      }
      if (outer.length === 0 && c !== LBRACE) {
        // A UTF-8 byte order mark, as Windows tools write one before the JSON, is skipped (its
        // bytes may arrive in more than one chunk).
        if (this.#base + i === 0 && c === 0xef) {
          if (n - i < 3 && buf.subarray(i).equals(UTF8_BOM.subarray(0, n - i))) return i;
          if (buf[i + 1] === 0xbb && buf[i + 2] === 0xbf) {
            i += 3;
            continue;
          }
        }
        // UTF-16's byte order mark (FF FE, FE FF), as PowerShell's `>` writes: said as such, not
        // as JSON that breaks at its first byte.
        if (this.#base + i === 0 && ((c === 0xff && buf[i + 1] === 0xfe) || (c === 0xfe && buf[i + 1] === 0xff)))
          throw new SplitError(
            'not-cloudtrail',
            `UTF-16 text (byte order mark ${c === 0xff ? 'FF FE' : 'FE FF'}), not UTF-8: save the file as UTF-8`,
            0
          );
        throw new SplitError(
          'not-cloudtrail',
          `expected a JSON object, found '${String.fromCharCode(c)}'`,
          this.#base + i
        );
      }
      switch (c) {
        case LBRACE:
          outer.push(LBRACE);
          this.#expectKey = true;
          break;
        case LBRACKET:
          outer.push(LBRACKET);
          if (outer.length === 2 && this.#lastKey === 'Records') {
            this.#recordsArrayDepth = 2;
            this.#sawRecords = true;
          }
          break;
        case RBRACE:
        case RBRACKET: {
          const open = outer.pop();
          if (open !== (c === RBRACE ? LBRACE : LBRACKET)) {
            throw new SplitError('invalid-json', `unbalanced '${String.fromCharCode(c)}'`, this.#base + i);
          }
          if (outer.length < this.#recordsArrayDepth) this.#recordsArrayDepth = -1;
          if (outer.length === 0) this.#done = true;
          break;
        }
        case COMMA:
          this.#expectKey = outer[outer.length - 1] === LBRACE;
          break;
        case COLON:
          break;
        default:
          if (ALLOWED[c] !== 1) {
            throw new SplitError('invalid-json', `unexpected byte 0x${c.toString(16)}`, this.#base + i);
          }
      }
      i++;
    }
    return n;
  }

  /**
   * Scans one record starting at its `{`, extracting head fields from its top level and
   * skipping nested values in a tight loop. Returns the index after its closing `}`, or -1
   * when the record continues in the next chunk. A record nested too deep is walked over
   * (the index after it, or `buf.length`); with `probe` nothing is delivered or skipped, and a
   * record too deep returns {@link TOO_DEEP}.
   */
  #scanRecord(buf: Buffer, start: number, probe = false): number {
    const n = buf.length;
    const head = newHead();
    let expectKey = true;
    let field: HeadField | undefined;
    let i = start + 1;
    while (i < n) {
      const c = buf[i] as number;
      if (c === QUOTE) {
        const end = stringEnd(buf, i + 1);
        if (end < 0) return -1;
        if (expectKey) {
          field = matchKey(HEAD_KEYS, buf, i + 1, end);
          expectKey = false;
        } else if (field !== undefined) {
          setHead(head, field, field === 1 || field === 9 ? stringValue(buf, i, end) : internedValue(buf, i, end));
          field = undefined;
        }
        i = end + 1;
        continue;
      }
      switch (c) {
        case LBRACE:
        case LBRACKET: {
          const end = field === USER_IDENTITY && c === LBRACE ? scanIdentity(buf, i, head) : skipContainer(buf, i);
          field = undefined;
          if (end === -1) return -1;
          if (end === TOO_DEEP) return probe ? TOO_DEEP : this.#skipRecord(buf, start, 'too-deep');
          if (end === UNBALANCED)
            throw new SplitError('invalid-json', `unbalanced brackets in record ${this.#records}`, this.#base + i);
          i = end;
          continue;
        }
        case RBRACE:
          if (!probe) this.#emit(buf.subarray(start, i + 1), head, start);
          return i + 1;
        case RBRACKET:
          throw new SplitError('invalid-json', `unbalanced ']' in record ${this.#records}`, this.#base + i);
        case COMMA:
          expectKey = true;
          break;
        case 0x74: // t
        case 0x66: // f
          if (field !== undefined) {
            setHead(head, field, c === 0x74);
            field = undefined;
          }
          break;
        default:
          if (ALLOWED[c] !== 1) {
            throw new SplitError(
              'invalid-json',
              `unexpected byte 0x${c.toString(16)} in record ${this.#records}`,
              this.#base + i
            );
          }
      }
      i++;
    }
    return -1;
  }

  /**
   * {@link RecordSplitter.#scanRecord} with the structure walked by WebAssembly: the scanner
   * reports each member's key and value span, and only head keys are compared and decoded here.
   */
  #scanRecordWasm(wasm: WasmScanner, buf: Buffer, start: number): number {
    const end = wasm.scanRecord(start, buf.length);
    if (end === INCOMPLETE) return -1;
    if (end === MALFORMED) {
      const malformed = new SplitError(
        'invalid-json',
        `malformed JSON in record ${this.#records}`,
        this.#base + wasm.errorAt()
      );
      // The scanner says MALFORMED for nesting past its stack too: the JavaScript walk, which
      // tells the two apart, decides, so both engines skip the same records.
      let probed: number;
      try {
        probed = this.#scanRecord(buf, start, true);
      } catch {
        throw malformed;
      }
      if (probed === TOO_DEEP) return this.#skipRecord(buf, start, 'too-deep');
      throw malformed;
    }
    const head = newHead();
    const f = wasm.found;
    const strings = wasm.strings;
    const count = Math.min(wasm.foundCount(), MAX_MEMBERS) * 5;
    // Where the located members start, +1 (0: absent); the first of duplicate keys, as a scan finds.
    let located = NO_LOCATED;
    let at = 0;
    // userIdentity and its sessionContext: how many, and whether the (last) one is an object
    // whose members the scanner reported.
    let identities = 0;
    let identityObject = false;
    let sessions = 0;
    let sessionObject = false;
    for (let k = 0; k < count; k += 5) {
      const field = f[k] as number;
      const valueStart = f[k + 1] as number;
      const kind = f[k + 3] as number;
      if (field >= LOCATED_BASE) {
        if (located === NO_LOCATED) {
          at = newSlot();
          located = block;
        }
        const slot = at + field - LOCATED_BASE;
        if (located[slot] === 0) located[slot] = valueStart - start + 1;
        if (field === SESSION_CONTEXT) {
          sessions++;
          sessionObject = kind === VALUE_OBJECT;
        }
        continue;
      }
      if (field === USER_IDENTITY) {
        identities++;
        identityObject = kind === VALUE_OBJECT;
        continue;
      }
      if (kind === VALUE_STRING) {
        const number = f[k + 4] as number;
        let value = number < 0 ? undefined : strings[number];
        if (value === undefined) {
          value = stringValue(buf, valueStart, (f[k + 2] as number) - 1);
          if (number >= 0) strings[number] = value;
        }
        setHead(head, field, value);
      } else if (kind === VALUE_LITERAL && (buf[valueStart] === 0x74 || buf[valueStart] === 0x66)) {
        setHead(head, field, buf[valueStart] === 0x74);
      }
    }
    // Members of a userIdentity (or sessionContext) that is no object, or that the record has twice,
    // are not where a walk from the first one finds them: unknown, so readers walk.
    const identityUnknown = identities > 1 || (identities === 1 && !identityObject);
    if (identityUnknown || sessions > 1 || (sessions === 1 && !sessionObject)) {
      if (located === NO_LOCATED) {
        at = newSlot();
        located = block;
      }
      located.fill(-1, at + (identityUnknown ? IDENTITY_SLOTS : SESSION_SLOTS), at + SLOT);
    }
    // A record too many members for the scanner to report all of leaves the places unknown.
    this.#emit(buf.subarray(start, end), head, start, wasm.foundCount() < MAX_MEMBERS ? located : undefined, at);
    return end;
  }

  #emit(bytes: Buffer, head: RecordHead, start: number, located?: Int32Array, at = 0): void {
    const index = this.#records++;
    const offset = this.#base + start;
    // A whole record over the limit within one buffer is skipped like one that spans chunks.
    if (bytes.length > this.#maxRecordBytes) this.#report(index, offset, 'too-large');
    else if (!this.#bufferIsUtf8 && !isUtf8(bytes)) this.#report(index, offset, 'invalid-utf8');
    else this.#onRecord(new SlicedRecord(bytes, head, index, offset, located, at));
  }

  #report(index: number, offset: number, reason: SplitRecordProblem['reason']): void {
    const what =
      reason === 'invalid-utf8'
        ? 'is not valid UTF-8'
        : reason === 'too-large'
          ? `is larger than ${this.#maxRecordBytes} bytes: skipped`
          : `nests deeper than ${NESTING.length} levels: skipped`;
    this.#onProblem({ index, offset, reason, message: `record ${index} at offset ${offset} ${what}` });
  }
}
